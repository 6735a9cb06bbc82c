package combine

import (
	"testing"

	"github.com/spravka/spravka/pipeline/page"
)

func TestGrayChoice(t *testing.T) {
	read := func(conf float64) Reading { return Reading{Page: line(conf, "Ким", "Ир")} }
	none := Reading{Page: line(page.NoConf, "Ким")}
	empty := Reading{Page: &page.Page{}}
	for _, c := range []struct {
		name string
		r    Reading
		want bool
	}{
		{"poor", read(55), true},
		{"just under", read(GrayBelow - 0.01), true},
		{"at the gate", read(GrayBelow), false},
		{"good", read(92), false},
		{"no confidence", none, true},
		{"no words", empty, true},
	} {
		if got := NeedsGray(c.r); got != c.want {
			t.Errorf("NeedsGray(%s) = %v, want %v", c.name, got, c.want)
		}
	}
	for _, c := range []struct {
		name string
		b, a Reading
		want bool
	}{
		{"higher", read(70), read(60), true},
		{"lower", read(60), read(70), false},
		{"tie keeps a", read(60), read(60), false},
		{"a has none", read(40), none, true},
		{"b has none", none, read(40), false},
		{"neither", none, empty, false},
	} {
		if got := MoreConfident(c.b, c.a); got != c.want {
			t.Errorf("MoreConfident(%s) = %v, want %v", c.name, got, c.want)
		}
	}
}
