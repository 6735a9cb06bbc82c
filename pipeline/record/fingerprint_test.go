package record

import (
	"os"
	"path/filepath"
	"testing"
)

func TestHashFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "rus.traineddata")
	os.WriteFile(p, []byte("abc"), 0o644)
	f, err := HashFile(p)
	// SHA-256 of "abc" (FIPS 180-2 test vector)
	if err != nil || f != (File{Name: "rus.traineddata", SHA256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}) {
		t.Errorf("HashFile = %+v, %v", f, err)
	}
	if _, err := HashFile(p + ".missing"); err == nil {
		t.Error("a missing file hashed")
	}
}

// BenchmarkHashFile is what a run's fingerprint costs, once a run: the
// language data and the dictionary (and the executable of a build without
// VCS information, about 16 MB).
func BenchmarkHashFile(b *testing.B) {
	for _, p := range []string{"/usr/share/tesseract-ocr/5/tessdata/rus.traineddata", "/usr/share/hunspell/ru_RU.dic"} {
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		b.Run(filepath.Base(p), func(b *testing.B) {
			b.SetBytes(fi.Size())
			for b.Loop() {
				if _, err := HashFile(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
