package hunspell

import (
	"os"
	"strings"
	"sync"
	"testing"
)

func openRU(tb testing.TB) *Dict {
	tb.Helper()
	d, err := OpenDefault("ru_RU")
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("Russian Hunspell dictionary missing in CI (apt-get install hunspell-ru libhunspell-dev): %v", err)
		}
		tb.Skipf("Russian Hunspell dictionary missing (apt-get install hunspell-ru libhunspell-dev): %v", err)
	}
	tb.Cleanup(func() { d.Close() })
	return d
}

func TestSpell(t *testing.T) {
	d := openRU(t)
	for _, tc := range []struct {
		word string
		want bool
	}{
		{"Президиума", true},
		{"военнопленных", true},
		{"пхеньянское", true},
		{"КУЗНЕЦОВ", true},
		{"Презилиума", false},
		{"ихеньянское", false},
		{"Хрузев", false},
		{"", false},
		{"\xff\xfe", false},
	} {
		t.Run(tc.word, func(t *testing.T) {
			if got := d.Spell(tc.word); got != tc.want {
				t.Errorf("Spell(%q) = %v, want %v", tc.word, got, tc.want)
			}
		})
	}
}

func TestConcurrentAndClose(t *testing.T) {
	d := openRU(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if !d.Spell("документ") {
					t.Error("Spell(документ) = false")
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if d.Spell("документ") {
		t.Error("a closed dictionary still answers")
	}
}

func TestOpenMissing(t *testing.T) {
	if _, err := Open("/nonexistent.aff", "/nonexistent.dic"); err == nil {
		t.Fatal("Open of missing files: no error")
	}
	old := SearchDirs
	SearchDirs = []string{t.TempDir()}
	defer func() { SearchDirs = old }()
	_, err := OpenDefault("ru")
	if err == nil || !strings.Contains(err.Error(), "install the Debian package hunspell-ru") {
		t.Fatalf("OpenDefault with no dictionary: %v", err)
	}
}

var benchWords = []string{"Президиума", "Презилиума", "военнопленных", "мерта", "предпожением", "Кузнецов"}

func BenchmarkSpell(b *testing.B) {
	d := openRU(b)
	for i := 0; b.Loop(); i++ {
		d.Spell(benchWords[i%len(benchWords)])
	}
}

func TestFiles(t *testing.T) {
	d := openRU(t)
	f := d.Files()
	if len(f) != 2 || !strings.HasSuffix(f[0], "/ru_RU.aff") || !strings.HasSuffix(f[1], "/ru_RU.dic") {
		t.Errorf("files %v", f)
	}
}
