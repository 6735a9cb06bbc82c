package truth

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Ext ends the name of a transcription.
const Ext = ".gt.txt"

// Transcription is a page's manual transcription.
type Transcription struct {
	// Text is the transcription itself.
	Text string
	// File is its name relative to the folder it was found in, with forward
	// slashes; From names that folder: "truth" (Lookup.Dir) or "input".
	File, From string
}

// Lookup finds transcriptions for the pages of one input folder.
type Lookup struct {
	// Input is the input folder.
	Input string
	// Dir is a folder of transcriptions, "" for none: <name>.gt.txt there
	// (name the page's output name, <rel> or <rel>.p<k>), or the name's base
	// name there, is taken before a transcription beside the image.
	Dir string
}

// Find returns the transcription of page k of the image at path, a file of
// pages pages whose page is named name in the outputs; nil when it has none
// (or none can be read).
func (l Lookup) Find(path string, pages, k int, name string) *Transcription {
	if l.Dir != "" {
		for _, cand := range []string{name, filepath.Base(name)} {
			if b, err := os.ReadFile(filepath.Join(l.Dir, filepath.FromSlash(cand)+Ext)); err == nil {
				return &Transcription{Text: string(b), File: cand + Ext, From: "truth"}
			}
		}
	}
	stem := strings.TrimSuffix(path, filepath.Ext(path))
	if pages > 1 {
		stem += fmt.Sprintf(".p%d", k)
	}
	b, err := os.ReadFile(stem + Ext)
	if err != nil {
		return nil
	}
	rel, _ := filepath.Rel(l.Input, stem+Ext)
	return &Transcription{Text: string(b), File: filepath.ToSlash(rel), From: "input"}
}
