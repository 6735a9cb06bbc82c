// Command langdata owns the generation of spravka's list of common Russian
// word forms (pipeline/lexicon/words/ru-common.txt.gz): the word list inside
// Tesseract's own Russian model, kept where Hunspell's Russian dictionary
// knows the word.
//
// It needs Debian's tesseract-ocr (combine_tessdata, dawg2wordlist),
// tesseract-ocr-rus and hunspell-ru:
//
//	go run ./tools/langdata -o pipeline/lexicon/words/ru-common.txt.gz
//
// The steps: `combine_tessdata -u rus.traineddata DIR/rus.` unpacks the
// model, `dawg2wordlist DIR/rus.lstm-unicharset DIR/rus.lstm-word-dawg
// words.txt` lists its word graph (about 294,000 entries, in several
// letter cases); each entry is folded (lower case, ё as е), kept when it is
// Cyrillic letters with at most inner hyphens, and when Hunspell accepts it
// in lower case, with a capital or in capitals (which drops the graph's
// fragments and misspellings: «докумен», «ских», «коментировать»). The
// result is sorted, written one word a line, each line the length of the
// prefix it shares with the line before and the rest of the word, gzipped.
// The same model and dictionary give the same bytes.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/spravka/spravka/pipeline/hunspell"
	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/outdir"
)

func main() {
	out := flag.String("o", "pipeline/lexicon/words/ru-common.txt.gz", "output file")
	model := flag.String("model", "/usr/share/tesseract-ocr/5/tessdata/rus.traineddata", "Tesseract's Russian model")
	flag.Parse()
	if err := run(*model, *out); err != nil {
		fmt.Fprintln(os.Stderr, "langdata:", err)
		os.Exit(1)
	}
}

func run(model, out string) error {
	tmp, err := os.MkdirTemp("", "langdata")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := command("combine_tessdata", "-u", model, filepath.Join(tmp, "rus.")); err != nil {
		return err
	}
	list := filepath.Join(tmp, "words.txt")
	if err := command("dawg2wordlist", filepath.Join(tmp, "rus.lstm-unicharset"), filepath.Join(tmp, "rus.lstm-word-dawg"), list); err != nil {
		return err
	}
	raw, err := os.ReadFile(list)
	if err != nil {
		return err
	}
	dict, err := hunspell.OpenDefault("ru_RU")
	if err != nil {
		return err
	}
	defer dict.Close()
	words := filter(strings.Split(string(raw), "\n"), dict.Spell)
	if len(words) == 0 {
		return errors.New("no words kept")
	}
	var b bytes.Buffer
	z, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w := bufio.NewWriter(z)
	prev := ""
	for _, word := range words {
		n := sharedPrefix(prev, word)
		fmt.Fprintf(w, "%d%s\n", n, word[n:])
		prev = word
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := z.Close(); err != nil {
		return err
	}
	if err := (outdir.Dir{Root: filepath.Dir(out)}).Write(filepath.Base(out), b.Bytes()); err != nil {
		return err
	}
	fmt.Printf("%s: %d words, %d bytes\n", out, len(words), b.Len())
	return nil
}

// filter folds the entries, keeps those that are Cyrillic words the
// dictionary accepts in some letter case, and sorts them without repeats.
func filter(entries []string, spell func(string) bool) []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range entries {
		w := lexicon.Fold(strings.TrimSpace(e))
		if w == "" || seen[w] || !cyrillicWord(w) {
			continue
		}
		seen[w] = true
		r := []rune(w)
		title := string(unicode.ToUpper(r[0])) + string(r[1:])
		if spell(w) || spell(title) || spell(strings.ToUpper(w)) {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}

// cyrillicWord reports lower-case Cyrillic letters, with hyphens only between them.
func cyrillicWord(w string) bool {
	r := []rune(w)
	if len(r) < 2 || r[0] == '-' || r[len(r)-1] == '-' {
		return false
	}
	for _, c := range r {
		if c != '-' && !(c >= 'а' && c <= 'я') {
			return false
		}
	}
	return !strings.Contains(w, "--")
}

// sharedPrefix is the length in bytes of the common prefix of a and b, on a rune boundary.
func sharedPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	for n > 0 && n < len(b) && !utf8RuneStart(b[n]) {
		n--
	}
	return n
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

func command(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return fmt.Errorf("%s not found: install the Debian package tesseract-ocr", name)
		}
		return fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}
