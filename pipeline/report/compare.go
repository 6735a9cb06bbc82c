package report

import "github.com/spravka/spravka/pipeline/accuracy"

// compare aligns hyp with ref character by character, as the run measures
// them (every run of white space one space: line breaks are no difference),
// and returns the alignment's runs.
func compare(ref, hyp string) []accuracy.Op {
	return accuracy.Compare(ref, hyp, accuracy.Normalize{}).Chars.Ops
}

// hypSide returns the marks an alignment puts on its hypothesis.
func hypSide(ops []accuracy.Op) []mark {
	var out []mark
	for _, o := range ops {
		switch o.Kind {
		case accuracy.Substitute:
			out = append(out, mark{o.Hyp.Start, o.Hyp.End, "sub"})
		case accuracy.Insert:
			out = append(out, mark{o.Hyp.Start, o.Hyp.End, "ins"})
		}
	}
	return out
}

// refSide returns the marks an alignment puts on its reference.
func refSide(ops []accuracy.Op) []mark {
	var out []mark
	for _, o := range ops {
		switch o.Kind {
		case accuracy.Substitute:
			out = append(out, mark{o.Ref.Start, o.Ref.End, "sub"})
		case accuracy.Delete:
			out = append(out, mark{o.Ref.Start, o.Ref.End, "del"})
		}
	}
	return out
}
