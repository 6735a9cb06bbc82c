package diff

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/accuracy"
)

const (
	truthDir = "testdata/fixture/truth"
	ocrDir   = "testdata/fixture/ocr"
)

func TestFolderPairs(t *testing.T) {
	r, err := Compare(truthDir, ocrDir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Files {
		got = append(got, f.Name+" "+f.Truth+" "+f.OCR+" "+f.Raw)
	}
	want := []string{ // the worst first
		"sub/b testdata/fixture/truth/sub/b.gt.txt testdata/fixture/ocr/sub/b.txt ",
		"a testdata/fixture/truth/a.gt.txt testdata/fixture/ocr/a.txt testdata/fixture/ocr/a.ocr.txt",
	}
	if !slices.Equal(got, want) {
		t.Errorf("pairs\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !slices.Equal(r.TruthOnly, []string{"only.gt.txt"}) || !slices.Equal(r.OCROnly, []string{"extra.txt"}) {
		t.Errorf("only in truth %q, only in ocr %q", r.TruthOnly, r.OCROnly)
	}
}

// TestNumbers checks hand-counted numbers: a.txt against a.gt.txt has a
// substituted letter and an extra full stop in 99 characters (two words of
// 16 wrong); its raw OCR has 7 errors, 6 words wrong, and the correction
// fixed 4 words, compared by their letters and digits (the stray full stop
// of «заявил,.» is a character error, no word error); sub/b.txt has a Latin M and two lost full stops in 28.
func TestNumbers(t *testing.T) {
	r, err := Compare(truthDir, ocrDir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, a := r.Files[0], r.Files[1]
	check := func(name string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %+v, want %+v", name, got, want)
		}
	}
	check("a chars", a.Chars.Rate, accuracy.Rate{Errors: 2, N: 99})
	check("a substitutions, deletions, insertions", [3]int{a.Chars.Substitutions, a.Chars.Deletions, a.Chars.Insertions}, [3]int{1, 0, 1})
	check("a words", a.Words.Rate, accuracy.Rate{Errors: 2, N: 16})
	check("a raw chars", *a.RawChars, accuracy.Rate{Errors: 7, N: 99})
	check("a raw words", *a.RawWords, accuracy.Rate{Errors: 6, N: 16})
	check("a changes", *a.Changes, accuracy.Changes{Fixed: 4, Broken: 0, RightBefore: 11, RightAfter: 15, Words: 16})
	check("b chars", b.Chars.Rate, accuracy.Rate{Errors: 3, N: 28})
	check("b words", b.Words.Rate, accuracy.Rate{Errors: 3, N: 4})
	check("b raw", b.Changes, (*accuracy.Changes)(nil))
	tot := r.Totals()
	check("total chars", tot.Chars.Rate, accuracy.Rate{Errors: 5, N: 127})
	check("total words", tot.Words.Rate, accuracy.Rate{Errors: 5, N: 20})
	check("total raw", [2]any{tot.RawFiles, tot.RawChars}, [2]any{1, accuracy.Rate{Errors: 7, N: 99}})

	// folding the look-alike and dropping punctuation leaves b without errors
	r, err = Compare(truthDir+"/sub/b.gt.txt", ocrDir+"/sub/b.txt", Options{Normalize: accuracy.Normalize{FoldHomoglyphs: true, IgnorePunct: true}})
	if err != nil {
		t.Fatal(err)
	}
	check("b folded", r.Files[0].Chars.Rate, accuracy.Rate{Errors: 0, N: 24})
}

func TestRawOption(t *testing.T) {
	// file mode: the .ocr.txt beside the text, or the file --ocr names
	r, err := Compare(truthDir+"/a.gt.txt", ocrDir+"/a.txt", Options{})
	if err != nil || r.Files[0].Raw != ocrDir+"/a.ocr.txt" {
		t.Fatalf("raw %q, %v", r.Files[0].Raw, err)
	}
	r, err = Compare(truthDir+"/a.gt.txt", ocrDir+"/a.txt", Options{Raw: ocrDir + "/a.txt"})
	if err != nil || r.Files[0].Changes == nil || r.Files[0].Changes.Fixed != 0 || r.Files[0].Changes.RightBefore != 15 {
		t.Fatalf("raw = the text itself: %+v, %v", r.Files[0].Changes, err)
	}
	// folder mode: --ocr DIR takes <rel>.ocr.txt or <rel>.txt there
	r, err = Compare(truthDir, ocrDir, Options{Raw: truthDir})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Files {
		if want := map[string]string{"a": truthDir + "/a.txt", "sub/b": ""}[f.Name]; f.Raw != want {
			t.Errorf("%s: raw %q, want %q", f.Name, f.Raw, want)
		}
	}
}

func TestUsage(t *testing.T) {
	var ue *UsageError
	for _, tt := range []struct {
		truth, ocr, raw string
	}{
		{truthDir + "/a.gt.txt", ocrDir, ""},
		{truthDir, ocrDir + "/a.txt", ""},
		{truthDir + "/a.gt.txt", ocrDir + "/a.txt", ocrDir},
		{truthDir, ocrDir, ocrDir + "/a.ocr.txt"},
	} {
		if _, err := Compare(tt.truth, tt.ocr, Options{Raw: tt.raw}); !errors.As(err, &ue) {
			t.Errorf("Compare(%s, %s, raw %q): %v, want a usage error", tt.truth, tt.ocr, tt.raw, err)
		}
	}
	if _, err := Compare(truthDir+"/missing.gt.txt", ocrDir+"/a.txt", Options{}); err == nil || errors.As(err, &ue) || !strings.Contains(err.Error(), "missing.gt.txt") {
		t.Errorf("a missing file: %v", err)
	}
}

// TestNotText: a binary file and a file that is not UTF-8 are reported with
// their names; the other pages of the folder are compared.
func TestNotText(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("truth/bin.gt.txt", []byte("текст"))
	write("ocr/bin.txt", []byte("PNG\x00\x01\x02"))
	write("truth/cp1251.gt.txt", []byte("текст"))
	write("ocr/cp1251.txt", []byte{0xf2, 0xe5, 0xea, 0xf1, 0xf2}) // "текст" in Windows-1251
	write("truth/ok.gt.txt", []byte("\uFEFFтекст"))               // a byte-order mark is not text
	write("ocr/ok.txt", []byte("текст\n"))
	r, err := Compare(filepath.Join(dir, "truth"), filepath.Join(dir, "ocr"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	errs := map[string]string{}
	for _, f := range r.Files {
		if f.Err != nil {
			if !errors.Is(f.Err, ErrNotText) {
				t.Errorf("%s: %v is not ErrNotText", f.Name, f.Err)
			}
			errs[f.Name] = f.Err.Error()
		} else if f.Name != "ok" || f.Chars.Rate != (accuracy.Rate{Errors: 0, N: 5}) {
			t.Errorf("%s: %+v", f.Name, f.Chars.Rate)
		}
	}
	if !strings.Contains(errs["bin"], filepath.Join(dir, "ocr/bin.txt")+": not a text file: binary data (a NUL byte at offset 3)") {
		t.Errorf("binary: %q", errs["bin"])
	}
	if !strings.Contains(errs["cp1251"], filepath.Join(dir, "ocr/cp1251.txt")+": not a text file: not UTF-8 (an invalid byte at offset 0)") {
		t.Errorf("not UTF-8: %q", errs["cp1251"])
	}
	if r.Failed() != 2 || r.Files[0].Name != "ok" {
		t.Errorf("failed %d, first %q", r.Failed(), r.Files[0].Name)
	}
}

func TestGolden(t *testing.T) {
	for _, tt := range []struct {
		name, truth, ocr string
		n                accuracy.Normalize
	}{
		{"a", truthDir + "/a.gt.txt", ocrDir + "/a.txt", accuracy.Normalize{}},
		{"a-keep-lines-fold-case", truthDir + "/a.gt.txt", ocrDir + "/a.txt", accuracy.Normalize{KeepLines: true, FoldCase: true}},
		{"folder", truthDir, ocrDir, accuracy.Normalize{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Compare(tt.truth, tt.ocr, Options{Normalize: tt.n})
			if err != nil {
				t.Fatal(err)
			}
			for _, color := range []bool{false, true} {
				var b bytes.Buffer
				if err := r.WriteText(&b, color, 12); err != nil {
					t.Fatal(err)
				}
				name := tt.name + ".txt.golden"
				if color {
					name = tt.name + ".color.txt.golden"
				}
				testtools.Golden(t, filepath.Join("testdata", name), b.Bytes())
			}
			js, err := r.JSON()
			if err != nil {
				t.Fatal(err)
			}
			testtools.Golden(t, filepath.Join("testdata", tt.name+".json.golden"), js)
			var v struct {
				CER, WER *float64
			}
			if err := json.Unmarshal(js, &v); err != nil || v.CER == nil || v.WER == nil {
				t.Errorf("JSON without top-level cer and wer: %v", err)
			}
		})
	}
}

// TestJSONOps: the operations of the JSON rebuild both texts (less the
// whitespace at their ends), and their offsets point at their texts.
func TestJSONOps(t *testing.T) {
	r, err := Compare(truthDir+"/a.gt.txt", ocrDir+"/a.txt", Options{})
	if err != nil {
		t.Fatal(err)
	}
	js, _ := r.JSON()
	var v struct {
		Ops []struct {
			Op, Ref, Hyp                       string
			RefStart, RefEnd, HypStart, HypEnd int `json:"-"`
		} `json:"ops"`
	}
	var raw struct {
		Ops []map[string]any `json:"ops"`
	}
	if err := json.Unmarshal(js, &v); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(js, &raw); err != nil {
		t.Fatal(err)
	}
	var ref, hyp strings.Builder
	refAt, hypAt := 0, 0
	f := r.Files[0]
	for i, o := range v.Ops {
		rs, re := int(raw.Ops[i]["ref_start"].(float64)), int(raw.Ops[i]["ref_end"].(float64))
		hs, he := int(raw.Ops[i]["hyp_start"].(float64)), int(raw.Ops[i]["hyp_end"].(float64))
		if f.Ref[rs:re] != o.Ref || f.Hyp[hs:he] != o.Hyp {
			t.Fatalf("op %d: offsets do not hold its text", i)
		}
		ref.WriteString(f.Ref[refAt:rs] + o.Ref)
		hyp.WriteString(f.Hyp[hypAt:hs] + o.Hyp)
		refAt, hypAt = re, he
	}
	if ref.String() != strings.TrimSpace(f.Ref) || hyp.String() != strings.TrimSpace(f.Hyp) {
		t.Errorf("rebuilt\n%q\n%q", ref.String(), hyp.String())
	}
	kinds := map[string]int{}
	for _, o := range v.Ops {
		kinds[o.Op]++
	}
	if kinds["substitute"] != 1 || kinds["insert"] != 1 || kinds["delete"] != 0 {
		t.Errorf("ops by kind %v", kinds)
	}
}

// TestDevscansAgreement compares the CER of spravka's texts of the six
// development pages with a plain computation written here: Levenshtein
// distance by the textbook programme over the runes of the texts with every
// run of whitespace folded to one space, over the transcription's length.
func TestDevscansAgreement(t *testing.T) {
	const shared = "../../../shared/devscans"
	if _, err := os.Stat(shared); err != nil {
		t.Skip("../shared/devscans (the development pages' transcriptions) is not beside the repository")
	}
	for _, raw := range []bool{false, true} {
		r, err := Compare(shared, "testdata/devscans", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Files) != 6 || len(r.TruthOnly)+len(r.OCROnly) != 0 {
			t.Fatalf("%d pairs, unmatched %v %v", len(r.Files), r.TruthOnly, r.OCROnly)
		}
		var errs, n int
		for _, f := range r.Files {
			text := f.OCR
			got := f.Chars.Rate
			if raw {
				text, got = f.Raw, *f.RawChars
			}
			hyp, err := os.ReadFile(text)
			if err != nil {
				t.Fatal(err)
			}
			want := plainCER(string(hyp), f.Ref)
			if math.Abs(got.Value()-want.Value()) >= 0.0005 || got != want {
				t.Errorf("%s: CER %.4f (%+v), plain computation %.4f (%+v)", text, got.Value(), got, want.Value(), want)
			}
			t.Logf("%-45s CER %.4f, plain %.4f", filepath.Base(text), got.Value(), want.Value())
			errs, n = errs+want.Errors, n+want.N
		}
		tot := r.Totals().Chars
		if raw {
			tot.Rate = r.Totals().RawChars
		}
		if tot.Errors != errs || tot.N != n {
			t.Errorf("total %+v, plain %d/%d", tot.Rate, errs, n)
		}
	}
}

func plainCER(hyp, ref string) accuracy.Rate {
	a := []rune(strings.Join(strings.Fields(ref), " "))
	b := []rune(strings.Join(strings.Fields(hyp), " "))
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range b {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
		}
	}
	return accuracy.Rate{Errors: d[len(a)][len(b)], N: len(a)}
}
