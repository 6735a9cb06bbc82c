package ocr

import (
	"strings"
	"testing"
)

const spliceDoc = `<div class='ocr_page' id='page_1' title='bbox 0 0 100 50'>
 <span class='ocr_line' id='line_1_1' title='bbox 0 0 100 20'>
  <span class='ocrx_word' id='word_1_1' title='bbox 0 0 30 20; x_wconf 20'>Хим
   <span class='ocrx_cinfo' id='lstm_choices_1_1_1'><span class='ocrx_cinfo' id='choice_1_1_1' title='x_confs 40'>Х</span></span>
  </span>
  <span class='ocrx_word' id='word_1_2' title='bbox 40 0 60 20; x_wconf 90'>Ир</span>
  <span class='ocrx_word' id='word_1_23' title='bbox 70 0 100 20; x_wconf 30'>Сон</span>
 </span>
</div>`

const spliceOther = `<div class='ocr_page' id='page_1' title='bbox 0 0 100 50'>
 <span class='ocr_line' id='line_1_1' title='bbox 0 0 100 20'>
  <span class='ocrx_word' id='word_1_4' title='bbox 1 0 30 20; x_wconf 80'>Ким
   <span class='ocrx_cinfo' id='lstm_choices_1_4_1'><span class='ocrx_cinfo' id='choice_1_4_1' title='x_confs 80'>К</span></span>
  </span>
  <span class='ocrx_word' id='word_1_5' title='bbox 70 0 100 20; x_wconf 85'>Сен</span>
 </span>
</div>`

func TestSpliceWords(t *testing.T) {
	out, err := SpliceWords(spliceDoc, []Splice{
		{ID: "word_1_23", From: spliceOther, FromID: "word_1_5", Tag: "_clean"},
		{ID: "word_1_1", From: spliceOther, FromID: "word_1_4", Tag: "_clean"},
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParseHOCR(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(p.Text()); got != "Ким Ир Сен" {
		t.Fatalf("spliced text %q, want «Ким Ир Сен»\n%s", got, out)
	}
	w := p.Blocks[0].Lines[0].Words
	if w[0].ID != "word_1_1" || w[0].Conf != 80 || len(w[0].Choices) != 1 || w[0].Choices[0][0].Text != "К" {
		t.Fatalf("first word %+v: want the other reading under the anchor's id", w[0])
	}
	if w[2].ID != "word_1_23" || w[2].Box.X0 != 70 {
		t.Fatalf("last word %+v", w[2])
	}
	// Every id stays unique: the taken word's inner ids carry the tag.
	seen := map[string]bool{}
	for _, m := range idAttr.FindAllStringSubmatch(out, -1) {
		if seen[m[1]] {
			t.Fatalf("id %q twice in\n%s", m[1], out)
		}
		seen[m[1]] = true
	}
	if !seen["lstm_choices_1_4_1_clean"] || seen["word_1_4"] {
		t.Fatalf("ids %v", seen)
	}
	// Untouched parts are byte for byte the same.
	if !strings.Contains(out, `<span class='ocrx_word' id='word_1_2' title='bbox 40 0 60 20; x_wconf 90'>Ир</span>`) {
		t.Fatal("an untouched word changed")
	}
}

func TestSpliceWordsMissingID(t *testing.T) {
	if _, err := SpliceWords(spliceDoc, []Splice{{ID: "word_9_9", From: spliceOther, FromID: "word_1_4"}}); err == nil {
		t.Fatal("no error for an id the document lacks")
	}
	if _, err := SpliceWords(spliceDoc, []Splice{{ID: "word_1_1", From: spliceOther, FromID: "word_1_9"}}); err == nil {
		t.Fatal("no error for an id the other document lacks")
	}
	if out, err := SpliceWords(spliceDoc, nil); err != nil || out != spliceDoc {
		t.Fatalf("no splices changed the document: %v", err)
	}
}
