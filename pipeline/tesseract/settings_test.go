package tesseract

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
)

// TestDataFiles: the engine names the language data it loaded, from the
// folder TESSDATA_PREFIX points to when it is set.
func TestDataFiles(t *testing.T) {
	testtools.Tesseract(t, "rus", "eng")
	files := func(t *testing.T) []string {
		c, err := New(Config{Lang: "rus+eng", PSM: 3})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		return c.Settings().Data
	}
	def := files(t)
	if len(def) != 2 || filepath.Base(def[0]) != "rus.traineddata" || filepath.Base(def[1]) != "eng.traineddata" {
		t.Fatalf("data files %v", def)
	}
	// the same data, seen through another folder
	dir := t.TempDir()
	for _, f := range def {
		if err := os.Symlink(f, filepath.Join(dir, filepath.Base(f))); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("TESSDATA_PREFIX", dir)
	got := files(t)
	if len(got) != 2 || filepath.Dir(got[0]) != dir {
		t.Errorf("with TESSDATA_PREFIX=%s: data files %v", dir, got)
	}
}

// TestSettings: the engine reports the settings it reads with, as it has
// them after initialisation: the PSM chosen for preprocessed and raw pages,
// the blacklist and per-character alternatives as variables; a variable
// Tesseract does not know is an error, not a setting recorded in vain.
func TestSettings(t *testing.T) {
	testtools.Tesseract(t, "rus")
	for _, tc := range []struct {
		name string
		cfg  Config
		psm  int
		vars map[string]string
		err  string
	}{
		{"preprocessed", Config{Lang: "rus"}, 4, map[string]string{}, ""},
		{"raw", Config{Lang: "rus", Raw: true}, 3, map[string]string{}, ""},
		{"psm given", Config{Lang: "rus", Raw: true, PSM: 6}, 6, map[string]string{}, ""},
		{"as spravka run", Config{Lang: "rus", Blacklist: Blacklist, Choices: true}, 4,
			map[string]string{"tessedit_char_blacklist": Blacklist, "lstm_choice_mode": "2"}, ""},
		{"other variables", Config{Lang: "rus", Vars: map[string]string{"textord_min_linesize": "1.5", "tessedit_write_images": "0"}}, 4,
			map[string]string{"textord_min_linesize": "1.5", "tessedit_write_images": "0"}, ""},
		{"a value Tesseract does not take", Config{Lang: "rus", Vars: map[string]string{"lstm_choice_mode": "many"}}, 0, nil,
			`variable lstm_choice_mode set to "many" reads "0"`},
		{"unknown variable", Config{Lang: "rus", Vars: map[string]string{"no_such_variable": "1"}}, 0, nil, "no_such_variable"},
		{"bad psm", Config{Lang: "rus", PSM: 14}, 0, nil, "page segmentation mode 14"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New(tc.cfg)
			if tc.err != "" {
				if err == nil {
					c.Close()
				}
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("New: %v, want an error naming %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			s := c.Settings()
			if s.Lang != "rus" || s.PSM != tc.psm || !maps.Equal(s.Vars, tc.vars) || !strings.HasPrefix(s.Version, "5.") || len(s.Data) != 1 {
				t.Errorf("settings %+v, want psm %d, vars %v", s, tc.psm, tc.vars)
			}
		})
	}
}
