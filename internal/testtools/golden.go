package testtools

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

// update is the -update flag of every test binary that compares golden files.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/ instead of comparing with them")

// Golden compares got with the golden file at path, byte for byte, or with
// -update rewrites the file.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update if the change is intended):\n%s", path, got)
	}
}

// Updating reports whether the test binary runs with -update, for tests
// that refresh generated text kept somewhere other than a golden file of
// its own (a section of the README).
func Updating() bool { return *update }
