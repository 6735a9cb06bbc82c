//go:build eval

package preprocess

import (
	"fmt"
	"image"
	"os"
	"testing"
)

func TestDebugSpecks(t *testing.T) {
	f, _ := os.Open(os.Getenv("PAGE"))
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	g := toGray(img)
	a := shrink(g, 2)
	h := histogram(a)
	thr := min(otsu(&h), 200)
	comps := components(a, thr)
	xh := xHeight(comps)
	sp := findSpecks(comps, xh, 0.45, 0.6)
	fmt.Println("thr", thr, "xh", xh, "comps", len(comps), "specks", len(sp))
	for _, c := range sp {
		fmt.Println(c)
	}
}
