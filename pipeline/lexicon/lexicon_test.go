package lexicon

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func parse(t *testing.T, rows ...string) *Lexicon {
	t.Helper()
	l, err := Parse(strings.NewReader(Header+"\n"+strings.Join(rows, "\n")+"\n"), "test.tsv")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func entry(t *testing.T, l *Lexicon, term string) *Entry {
	t.Helper()
	for _, e := range l.Entries() {
		if e.Term == term {
			return e
		}
	}
	t.Fatalf("no entry %q", term)
	return nil
}

func TestForms(t *testing.T) {
	l := parse(t,
		"Разуваев\tperson",
		"Малик\tperson",
		"Кузнецов\tperson",
		"Булганин\tperson",
		"Вышинский\tperson\t\tadj",
		"Толстой\tperson",
		"Федоренко\tperson",
		"Громыко\tperson",
		"Черных\tperson",
		"Берия\tperson",
		"Ким Ир Сен\tperson",
		"Нам Ир\tperson",
		"Ли Дон Ген\tperson",
		"Чжоу Эньлай\tperson",
		"Пэн Дэхуай\tperson",
		"Мао Цзэдун\tperson",
		"Андрей Громыко\tperson",
		"Фурцева\tperson\t\tf",
		"Пхеньян\tplace",
		"Корея\tplace",
		"Северная Корея\tplace",
		"Токио\tplace",
		"Президиум\tterm",
		"военнопленный\tterm",
		"пхеньянский\tterm\t\tadj",
		"шифртелеграмма\tterm",
		"шифровка\tterm",
		"дело\tterm",
		"Москва\tplace",
		"Президиум Верховного Совета\torganisation",
		"КНДР\tabbreviation",
		"исх.\tformula",
		"Бовин\tperson\t\t=Бовин;Бовина",
		"Семенов\tperson\t\tСемёнов;Семёнова",
		// generator cases the data once had to spell out (team lexdata notes)
		"Каганович\tperson",
		"Ходж\tperson",
		"Париж\tplace",
		"перемирие\tterm",
		"спецсообщение\tterm",
		"Корейское перемирие\tterm",
		"Чэнь Юнь\tperson",
		"Чжан Вэньтянь\tperson",
		"Дэн Сяопин\tperson",
		"Дэн Хуа\tperson",
		"Линь Бяо\tperson",
		"Джой\tperson",
		"Лебедева\tperson",
		"Щербина\tperson\t\tm",
		"переговоры\tterm\t\tpl",
		"лисынмановцы\tterm\t\tpl",
		"Иван Бовин\tperson",
	)
	for _, tc := range []struct {
		term    string
		want    []string // must be among the forms
		notWant []string
	}{
		{"Разуваев", []string{"Разуваев", "Разуваева", "Разуваеву", "Разуваевым", "Разуваеве", "Разуваевой"}, []string{"Разуваевом"}},
		{"Малик", []string{"Малика", "Малику", "Маликом", "Малике"}, []string{"Маликым", "Малики"}},
		{"Кузнецов", []string{"Кузнецова", "Кузнецовым"}, nil},
		{"Булганин", []string{"Булганина", "Булганину", "Булганиным", "Булганине"}, nil},
		{"Вышинский", []string{"Вышинского", "Вышинскому", "Вышинским", "Вышинском", "Вышинская"}, []string{"Вышинское"}},
		{"Толстой", []string{"Толстого", "Толстому", "Толстым"}, nil},
		{"Федоренко", []string{"Федоренко"}, []string{"Федоренка", "Федоренку"}},
		{"Громыко", []string{"Громыко"}, []string{"Громыка"}},
		{"Черных", []string{"Черных"}, []string{"Черныха"}},
		{"Берия", []string{"Берии", "Берию", "Берией"}, nil},
		{"Ким Ир Сен", []string{"Ким Ир Сена", "Ким Ир Сену", "Ким Ир Сеном", "Ким Ир Сене"}, []string{"Кима Ир Сена"}},
		{"Нам Ир", []string{"Нам Ира", "Нам Иру", "Нам Иром", "Нам Ире"}, nil},
		{"Ли Дон Ген", []string{"Ли Дон Геном"}, nil},
		{"Чжоу Эньлай", []string{"Чжоу Эньлая", "Чжоу Эньлаю", "Чжоу Эньлаем", "Чжоу Эньлае"}, nil},
		{"Пэн Дэхуай", []string{"Пэн Дэхуая", "Пэн Дэхуаем"}, nil},
		{"Мао Цзэдун", []string{"Мао Цзэдуна", "Мао Цзэдуном"}, nil},
		{"Андрей Громыко", []string{"Андрея Громыко", "Андреем Громыко"}, nil},
		{"Фурцева", []string{"Фурцевой", "Фурцеву"}, nil},
		{"Лебедева", []string{"Лебедевой", "Лебедеву"}, []string{"Лебедевы", "Лебедеве"}},
		{"Пхеньян", []string{"Пхеньяна", "Пхеньяне", "Пхеньяном"}, []string{"Пхеньяны"}},
		{"Корея", []string{"Кореи", "Корее", "Корею", "Кореей"}, nil},
		{"Северная Корея", []string{"Северной Кореи", "Северную Корею"}, nil},
		{"Токио", []string{"Токио"}, []string{"Токиа"}},
		{"Президиум", []string{"Президиума", "Президиуме"}, nil},
		{"военнопленный", []string{"военнопленных", "военнопленного", "военнопленными"}, nil},
		{"пхеньянский", []string{"пхеньянское", "пхеньянского", "пхеньянская", "пхеньянскую"}, nil},
		{"шифртелеграмма", []string{"шифртелеграммы", "шифртелеграммой", "шифртелеграммам", "шифртелеграмм"}, nil},
		// the zero genitive plural only where no vowel is inserted, and no plural for places
		{"шифровка", []string{"шифровки", "шифровкам"}, []string{"шифровк"}},
		{"дело", []string{"дела", "дел", "делам"}, nil},
		{"Москва", []string{"Москвы", "Москве"}, []string{"Москв"}},
		{"Президиум Верховного Совета", []string{"Президиума Верховного Совета", "Президиумом Верховного Совета"}, []string{"Президиума Верховного Совета Совета"}},
		{"КНДР", []string{"КНДР"}, []string{"КНДРа"}},
		{"исх.", []string{"исх."}, nil},
		{"Бовин", []string{"Бовин", "Бовина"}, []string{"Бовиным", "Бовину"}},
		{"Семенов", []string{"Семенова", "Семёнов", "Семёнова"}, nil},
		{"Каганович", []string{"Кагановича", "Кагановичем"}, []string{"Кагановичом"}},
		{"Ходж", []string{"Ходжа", "Ходжем"}, []string{"Ходжом"}},
		{"Париж", []string{"Парижа", "Парижем"}, []string{"Парижом"}},
		{"перемирие", []string{"перемирия", "перемирию", "перемирием", "перемирии"}, []string{"перемирые", "перемирых", "перемирого"}},
		{"спецсообщение", []string{"спецсообщения", "спецсообщением", "спецсообщении"}, []string{"спецсообщеные"}},
		{"Корейское перемирие", []string{"Корейского перемирия", "Корейским перемирием"}, nil},
		{"Чэнь Юнь", []string{"Чэнь Юня", "Чэнь Юню", "Чэнь Юнем", "Чэнь Юне"}, []string{"Чэня Юня"}},
		{"Чжан Вэньтянь", []string{"Чжан Вэньтяня", "Чжан Вэньтянем"}, []string{"Чжана Вэньтяня"}},
		{"Дэн Сяопин", []string{"Дэн Сяопина", "Дэн Сяопину", "Дэн Сяопином", "Дэн Сяопине"}, []string{"Дэн Сяопиным", "Дэн Сяопиной", "Дэн Сяопины"}},
		{"Дэн Хуа", []string{"Дэн Хуа"}, []string{"Дэн Хуы", "Дэн Хуу"}},
		{"Линь Бяо", []string{"Линь Бяо"}, []string{"Линя Бяо"}},
		{"Джой", []string{"Джоя", "Джою", "Джоем", "Джое"}, []string{"Джого", "Джоем Джой"}},
		{"Щербина", []string{"Щербины", "Щербиной"}, []string{"Щербину Щербина"}},
		{"переговоры", []string{"переговоров", "переговорам", "переговорами", "переговорах"}, []string{"переговорей", "переговор"}},
		{"лисынмановцы", []string{"лисынмановцев"}, []string{"лисынмановцов"}},
		{"Иван Бовин", []string{"Ивана Бовина"}, nil},
	} {
		t.Run(tc.term, func(t *testing.T) {
			forms := entry(t, l, tc.term).FormTexts()
			for _, w := range tc.want {
				if !slices.Contains(forms, w) {
					t.Errorf("forms %q lack %q", forms, w)
				}
			}
			for _, w := range tc.notWant {
				if slices.Contains(forms, w) {
					t.Errorf("forms %q contain %q", forms, w)
				}
			}
		})
	}
}

func TestLookup(t *testing.T) {
	l := parse(t,
		"Разуваев\tperson\tРабузов",
		"Малик\tperson\tКаллины=Малика",
		"Хрущев\tperson",
		"Ким Ир Сен\tperson",
		"исх.\tformula",
	)
	for _, tc := range []struct {
		token, want string
	}{
		{"КУЗНЕЦОВ", ""},
		{"РАЗУВАЕВЫМ,", "Разуваевым"},
		{"разуваеве", "Разуваеве"},
		{"Хрущёва", "Хрущева"},
		{"(исх.", "исх."},
		{"Ким Ир Сеном", "Ким Ир Сеном"},
	} {
		t.Run(tc.token, func(t *testing.T) {
			fs := l.Exact(Key(tc.token))
			got := ""
			if len(fs) > 0 {
				got = fs[0].Text
			}
			if got != tc.want {
				t.Errorf("Exact(Key(%q)) = %q, want %q", tc.token, got, tc.want)
			}
		})
	}
	if !l.KnownWord("ким") || !l.KnownWord("сену") || l.KnownWord("ирсен") {
		t.Error("KnownWord: components of Ким Ир Сен")
	}
	ms := l.Misreadings(Key("Каллины"))
	if len(ms) != 1 || ms[0].To != "Малика" || ms[0].Entry.Term != "Малик" {
		t.Errorf("Misreadings(каллины) = %+v", ms)
	}
	if ms := l.Misreadings(Key("РАБУЗОВ")); len(ms) != 1 || ms[0].To != "Разуваев" {
		t.Errorf("Misreadings(рабузов) = %+v", ms)
	}
}

func TestMerge(t *testing.T) {
	l := parse(t, "Малик\tperson\tКаллины=Малика\t\tfirst")
	if err := l.Read(strings.NewReader(Header+"\nМалик\tperson\tМалнк\tМалика-сан\tsecond\nМалик\tplace\n"), "user.tsv"); err != nil {
		t.Fatal(err)
	}
	if l.Len() != 2 {
		t.Fatalf("Len = %d, want 2 (same term, two kinds)", l.Len())
	}
	e := entry(t, l, "Малик")
	if len(e.Misreadings) != 2 || e.Note != "first" || e.Source != "test.tsv:2" {
		t.Errorf("merged entry = %+v", e)
	}
	if !slices.Contains(e.FormTexts(), "Малика-сан") || !slices.Contains(e.FormTexts(), "Маликом") {
		t.Errorf("merged forms = %q", e.FormTexts())
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"no header", "Малик\tperson\n", "f.tsv:1: header"},
		{"bad kind", Header + "\n# c\n\nМалик\tpersno\n", "f.tsv:4: term \"Малик\": kind"},
		{"too many columns", Header + "\nМалик\tperson\t\t\tnote\textra\n", "f.tsv:2: 6 columns"},
		{"empty term", Header + "\n\tperson\n", "f.tsv:2: empty term"},
		{"bad misreading", Header + "\nМалик\tperson\t=Малика\n", "f.tsv:2: term \"Малик\": bad misreading"},
		{"empty file", "# only a comment\n", "no header"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.src), "f.tsv")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestShortHeaderAndBOM(t *testing.T) {
	l, err := Parse(strings.NewReader("\ufeffterm\tkind\nКНДР\tabbreviation\r\n"), "s.tsv")
	if err != nil || l.Len() != 1 {
		t.Fatalf("Parse = %v, %v", l, err)
	}
}

func TestDefault(t *testing.T) {
	l, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() == 0 || len(DefaultFiles()) == 0 {
		t.Fatalf("default lexicon is empty (%d entries, files %v)", l.Len(), DefaultFiles())
	}
	for _, e := range l.Entries() {
		if len(e.Forms) == 0 || e.Forms[0].Text == "" {
			t.Errorf("%s: %q has no forms", e.Source, e.Term)
		}
	}
}

func TestLoad(t *testing.T) {
	l := New()
	if err := Load(l, "testdata/nonexistent.tsv"); err == nil {
		t.Fatal("Load of a missing file: no error")
	}
}

// TestSources: a lexicon knows the files it was read from and their content.
func TestSources(t *testing.T) {
	l, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Sources(); len(got) != len(DefaultFiles()) || got[0].Name != DefaultFiles()[0] || len(got[0].SHA256) != 64 {
		t.Fatalf("default sources %+v, files %v", got, DefaultFiles())
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "mine.tsv")
	content := Header + "\nРазуваев\tperson\tРабузов\t\t\n"
	os.WriteFile(file, []byte(content), 0o644)
	if err := Load(l, file); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(content))
	last := l.Sources()[len(l.Sources())-1]
	if last != (Source{"mine.tsv", hex.EncodeToString(sum[:])}) {
		t.Errorf("loaded file's source %+v", last)
	}
}
