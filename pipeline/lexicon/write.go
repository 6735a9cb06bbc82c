package lexicon

import (
	"fmt"
	"io"
	"strings"
)

// Row is one line of a lexicon file, as an archivist writes it.
type Row struct {
	Term string
	Kind Kind
	// Misreadings are written as in the file: «Рабузов», or «Каллины=Малика».
	Misreadings []string
	Forms, Note string
}

// WriteFile writes rows as a lexicon file, with its header and a comment
// (each line of comment after "# "). A field that would break the format
// (a tab, a line break, a ";" or "=" inside a misreading) is an error.
func WriteFile(w io.Writer, comment string, rows []Row) error {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(comment), "\n") {
		b.WriteString("# " + line + "\n")
	}
	b.WriteString(Header + "\n")
	for _, r := range rows {
		for _, f := range append([]string{r.Term, string(r.Kind), r.Forms, r.Note}, r.Misreadings...) {
			if strings.ContainsAny(f, "\t\r\n") {
				return fmt.Errorf("lexicon row %q: a field holds a tab or a line break", r.Term)
			}
		}
		for _, m := range r.Misreadings {
			from, to, _ := strings.Cut(m, "=")
			if strings.Contains(m, ";") || strings.Contains(to, "=") || strings.TrimSpace(from) == "" {
				return fmt.Errorf("lexicon row %q: misreading %q cannot be written", r.Term, m)
			}
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\n", r.Term, r.Kind, strings.Join(r.Misreadings, ";"), r.Forms, r.Note)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
