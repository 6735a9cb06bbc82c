package page

import "testing"

func TestFromTextRoundTrip(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Экз № 1-РАЗМЕТКА\tЭкз. № 8-т\tЭкз. № 15-т\n» № 2-т Маленкову\n", ""},
		{"  отступ и  два пробела  \n\nпосле пустой строки", "  отступ и  два пробела  \n\nпосле пустой строки\n"},
		{"строка\r\nвторая\r\n", "строка\nвторая\n"},
		{"", ""},
	}
	for _, tt := range tests {
		want := tt.want
		if want == "" {
			want = tt.in
		}
		p := FromText(tt.in)
		if got := p.Text(); got != want {
			t.Errorf("FromText(%q).Text() = %q, want %q", tt.in, got, want)
		}
		if got := p.OCRText(); got != want {
			t.Errorf("OCRText = %q", got)
		}
		for _, lr := range p.Lines() {
			for _, w := range lr.Line.Words {
				if w.Conf != NoConf || !w.Box.Empty() {
					t.Errorf("plain-text word %+v has a confidence or a box", w)
				}
			}
		}
	}
}

func recognised() *Page {
	w := func(s string, conf float64) Word { return Word{Text: s, OCR: s, Conf: conf, Box: Box{0, 0, 10, 10}} }
	return &Page{Blocks: []Block{
		{Lines: []Line{{Words: []Word{w("Ким", 90), w("Ир", 80), w("Сенем", 30)}}, {Words: []Word{w("Рабузов", 40)}}}},
		{Lines: []Line{{Words: []Word{w("КНТР", 60)}}}},
	}}
}

func TestTextOfCorrectedPage(t *testing.T) {
	p := recognised()
	c := p.Clone()
	l := &c.Blocks[0].Lines[0]
	l.Words[1].Text = "Ир Сеном" // a split-like change inside one word
	l.Words[2].Text = ""         // absorbed by the join
	c.Blocks[1].Lines[0].Words[0].Text = "КНР"
	if got, want := c.Text(), "Ким Ир Сеном\nРабузов\n\nКНР\n"; got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
	if got, want := c.OCRText(), "Ким Ир Сенем\nРабузов\n\nКНТР\n"; got != want {
		t.Errorf("OCRText() = %q, want %q", got, want)
	}
	if got := p.Text(); got != "Ким Ир Сенем\nРабузов\n\nКНТР\n" {
		t.Errorf("Clone shares words with the original: %q", got)
	}
}

func TestLinesNumbersAsInText(t *testing.T) {
	lines := recognised().Lines()
	var nos []int
	for _, l := range lines {
		nos = append(nos, l.No)
	}
	// block 2 starts after the blank line: text lines 1, 2, (blank 3), 4
	if len(nos) != 3 || nos[0] != 1 || nos[1] != 2 || nos[2] != 4 {
		t.Errorf("line numbers %v, want [1 2 4]", nos)
	}
}

func TestMeanConfAndWords(t *testing.T) {
	p := recognised()
	if m, ok := p.MeanConf(); !ok || m != 60 || p.Words() != 5 {
		t.Errorf("mean %v %v, words %d", m, ok, p.Words())
	}
	if _, ok := FromText("без уверенности").MeanConf(); ok {
		t.Error("plain text has a mean confidence")
	}
}

func TestBoxUnion(t *testing.T) {
	a, b := Box{10, 10, 20, 20}, Box{15, 5, 30, 12}
	if u := a.Union(b); u != (Box{10, 5, 30, 20}) {
		t.Errorf("union %v", u)
	}
	if u := a.Union(Box{}); u != a {
		t.Errorf("union with empty %v", u)
	}
}
