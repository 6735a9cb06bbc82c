package hunspell

/*
#cgo pkg-config: hunspell
#include <stdlib.h>
#include <hunspell.h>
*/
import "C"

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// SearchDirs are the folders OpenDefault looks in, in order.
var SearchDirs = []string{"/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts"}

// Dict is an open Hunspell dictionary.
type Dict struct {
	mu       sync.Mutex
	h        *C.Hunhandle
	aff, dic string
}

// Open loads the dictionary from an .aff and a .dic file.
func Open(affPath, dicPath string) (*Dict, error) {
	for _, p := range []string{affPath, dicPath} {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("hunspell: %w", err)
		}
	}
	caff, cdic := C.CString(affPath), C.CString(dicPath)
	defer C.free(unsafe.Pointer(caff))
	defer C.free(unsafe.Pointer(cdic))
	h := C.Hunspell_create(caff, cdic)
	if h == nil {
		return nil, fmt.Errorf("hunspell: cannot load %s", dicPath)
	}
	// Words cross the C boundary as UTF-8, so only UTF-8 dictionaries are
	// accepted (Debian's hunspell-ru is "SET UTF-8").
	enc := strings.ToUpper(strings.TrimSpace(C.GoString(C.Hunspell_get_dic_encoding(h))))
	if enc != "UTF-8" && enc != "UTF8" {
		C.Hunspell_destroy(h)
		return nil, fmt.Errorf("hunspell: %s: dictionary encoding %q is not UTF-8", affPath, enc)
	}
	return &Dict{h: h, aff: affPath, dic: dicPath}, nil
}

// Files returns the paths of the dictionary's .aff and .dic files.
func (d *Dict) Files() []string { return []string{d.aff, d.dic} }

// OpenDefault finds and opens the system dictionary for lang ("ru_RU", or
// "ru" for ru_RU) in SearchDirs.
func OpenDefault(lang string) (*Dict, error) {
	if !strings.Contains(lang, "_") {
		lang = strings.ToLower(lang) + "_" + strings.ToUpper(lang)
	}
	for _, dir := range SearchDirs {
		aff := filepath.Join(dir, lang+".aff")
		dic := filepath.Join(dir, lang+".dic")
		if fileExists(aff) && fileExists(dic) {
			return Open(aff, dic)
		}
	}
	return nil, fmt.Errorf("hunspell: no %s dictionary in %s: install the Debian package hunspell-%s",
		lang, strings.Join(SearchDirs, ", "), strings.ToLower(strings.SplitN(lang, "_", 2)[0]))
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// Spell reports whether word is a correctly spelled word of the dictionary.
// A closed dictionary knows no words.
func (d *Dict) Spell(word string) bool {
	w := word
	if w == "" || !utf8.ValidString(w) || strings.IndexByte(w, 0) >= 0 {
		return false
	}
	cw := C.CString(w)
	defer C.free(unsafe.Pointer(cw))
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.h == nil {
		return false
	}
	return C.Hunspell_spell(d.h, cw) != 0
}

// Close frees the dictionary. Closing twice is harmless.
func (d *Dict) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.h == nil {
		return nil
	}
	C.Hunspell_destroy(d.h)
	d.h = nil
	return nil
}
