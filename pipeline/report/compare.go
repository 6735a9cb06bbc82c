package report

import "github.com/spravka/spravka/pipeline/accuracy"

// compare aligns hyp with ref character by character, as the run measures
// them (every run of white space one space: line breaks are no difference),
// and returns the alignment's runs.
func compare(ref, hyp string) []accuracy.Op {
	return accuracy.Compare(ref, hyp, accuracy.Normalize{}).Chars.Ops
}

// hypSide returns the marks an alignment puts on its hypothesis: what it
// changed and what it has more.
func hypSide(ops []accuracy.Op) []mark { return side(ops, false) }

// refSide returns the marks an alignment puts on its reference: what was
// changed and what is missing.
func refSide(ops []accuracy.Op) []mark { return side(ops, true) }

func side(ops []accuracy.Op, ref bool) []mark {
	own, kind := accuracy.Insert, "ins"
	if ref {
		own, kind = accuracy.Delete, "del"
	}
	var out []mark
	for _, o := range ops {
		sp := o.Hyp
		if ref {
			sp = o.Ref
		}
		switch o.Kind {
		case accuracy.Substitute:
			out = append(out, mark{sp.Start, sp.End, "sub"})
		case own:
			out = append(out, mark{sp.Start, sp.End, kind})
		}
	}
	return out
}
