package report

import (
	"unicode"
	"unicode/utf8"
)

// op is one step of an alignment of a reference with a hypothesis, with the
// byte ranges it covers in each.
type op struct {
	kind           byte // '=' same, 's' substituted, 'd' only in ref, 'i' only in hyp
	rs, re, hs, he int
}

// compare aligns hyp with ref, character by character, every run of white
// space counting as one space (line breaks are no difference).
// TODO(lead): replace by accuracy.Compare once it lands.
func compare(ref, hyp string) []op {
	type tok struct {
		key        rune
		start, end int
	}
	toks := func(s string) []tok {
		var out []tok
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				j := i
				for j < len(s) {
					r2, n2 := utf8.DecodeRuneInString(s[j:])
					if !unicode.IsSpace(r2) {
						break
					}
					j += n2
				}
				out = append(out, tok{' ', i, j})
				i = j
				continue
			}
			out = append(out, tok{r, i, i + n})
			i += n
		}
		return out
	}
	a, b := toks(ref), toks(hyp)
	n, m := len(a), len(b)
	d := make([][]int32, n+1)
	for i := range d {
		d[i] = make([]int32, m+1)
		d[i][0] = int32(i)
	}
	for j := range m + 1 {
		d[0][j] = int32(j)
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			c := d[i-1][j-1]
			if a[i-1].key != b[j-1].key {
				c = 1 + min(c, d[i-1][j], d[i][j-1])
			}
			d[i][j] = c
		}
	}
	var rev []op
	for i, j := n, m; i > 0 || j > 0; {
		switch {
		case i > 0 && j > 0 && a[i-1].key == b[j-1].key && d[i][j] == d[i-1][j-1]:
			rev = append(rev, op{'=', a[i-1].start, a[i-1].end, b[j-1].start, b[j-1].end})
			i, j = i-1, j-1
		case i > 0 && j > 0 && d[i][j] == d[i-1][j-1]+1:
			rev = append(rev, op{'s', a[i-1].start, a[i-1].end, b[j-1].start, b[j-1].end})
			i, j = i-1, j-1
		case i > 0 && d[i][j] == d[i-1][j]+1:
			hs := 0
			if j > 0 {
				hs = b[j-1].end
			}
			rev = append(rev, op{'d', a[i-1].start, a[i-1].end, hs, hs})
			i--
		default:
			rs := 0
			if i > 0 {
				rs = a[i-1].end
			}
			rev = append(rev, op{'i', rs, rs, b[j-1].start, b[j-1].end})
			j--
		}
	}
	out := make([]op, 0, len(rev))
	for k := len(rev) - 1; k >= 0; k-- {
		o := rev[k]
		if l := len(out) - 1; l >= 0 && out[l].kind == o.kind && out[l].re == o.rs && out[l].he == o.hs {
			out[l].re, out[l].he = o.re, o.he
			continue
		}
		out = append(out, o)
	}
	return out
}

// hypSide returns the marks an alignment puts on its hypothesis.
func hypSide(ops []op) []mark {
	var out []mark
	for _, o := range ops {
		switch o.kind {
		case 's':
			out = append(out, mark{o.hs, o.he, "sub"})
		case 'i':
			out = append(out, mark{o.hs, o.he, "ins"})
		}
	}
	return out
}

// refSide returns the marks an alignment puts on its reference.
func refSide(ops []op) []mark {
	var out []mark
	for _, o := range ops {
		switch o.kind {
		case 's':
			out = append(out, mark{o.rs, o.re, "sub"})
		case 'd':
			out = append(out, mark{o.rs, o.re, "del"})
		}
	}
	return out
}
