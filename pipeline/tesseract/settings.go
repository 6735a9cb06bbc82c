package tesseract

/*
#cgo pkg-config: tesseract
#include <stdlib.h>
#include <tesseract/capi.h>

static const char* datapath(void* api) { return TessBaseAPIGetDatapath((TessBaseAPI*)api); }
static const char* initLanguages(void* api) { return TessBaseAPIGetInitLanguagesAsString((TessBaseAPI*)api); }
static int pageSegMode(void* api) { return (int)TessBaseAPIGetPageSegMode((TessBaseAPI*)api); }
static int intVariable(void* api, const char* name, int* v) { return TessBaseAPIGetIntVariable((TessBaseAPI*)api, name, v); }
static int boolVariable(void* api, const char* name, int* v) { return TessBaseAPIGetBoolVariable((TessBaseAPI*)api, name, v); }
static int doubleVariable(void* api, const char* name, double* v) { return TessBaseAPIGetDoubleVariable((TessBaseAPI*)api, name, v); }
static const char* stringVariable(void* api, const char* name) { return TessBaseAPIGetStringVariable((TessBaseAPI*)api, name); }
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unsafe"

	"github.com/spravka/spravka/pipeline/ocr"
)

// settings asks the initialised engine what it reads pages with: its
// languages, page segmentation mode, the variables cfg set, and the language
// data files it loaded. It fails when the engine disagrees with cfg (a
// variable Tesseract does not know, a language it did not load), so that a
// page record never states a setting the engine did not use.
func (c *Client) settings(cfg Config) (ocr.Settings, error) {
	api := unsafe.Pointer(c.e.api)
	s := ocr.Settings{Version: c.e.g.Version(), Lang: C.GoString(C.initLanguages(api)), PSM: int(C.pageSegMode(api)), Vars: map[string]string{}}
	if s.Lang != cfg.Lang {
		return s, fmt.Errorf("tesseract: asked for languages %q, the engine loaded %q", cfg.Lang, s.Lang)
	}
	if s.PSM != cfg.PSM {
		return s, fmt.Errorf("tesseract: asked for page segmentation mode %d, the engine has %d", cfg.PSM, s.PSM)
	}
	for k, v := range cfg.Vars {
		if err := checkVariable(api, k, v); err != nil {
			return s, err
		}
		s.Vars[k] = v
	}
	var err error
	s.Data, err = dataFiles(api)
	return s, err
}

// checkVariable makes sure the engine holds value in its variable name, as
// Tesseract reads a value of the variable's type.
func checkVariable(api unsafe.Pointer, name, value string) error {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	var n C.int
	var f C.double
	var got string
	same := false
	switch {
	case C.intVariable(api, cs, &n) != 0:
		got = strconv.Itoa(int(n))
		want, err := strconv.Atoi(value)
		same = err == nil && want == int(n)
	case C.boolVariable(api, cs, &n) != 0:
		got = strconv.Itoa(int(n))
		want, err := strconv.Atoi(value) // Tesseract reads a bool as a number
		same = err == nil && (want != 0) == (n != 0)
	case C.doubleVariable(api, cs, &f) != 0:
		got = strconv.FormatFloat(float64(f), 'g', -1, 64)
		want, err := strconv.ParseFloat(value, 64)
		same = err == nil && want == float64(f)
	default:
		v := C.stringVariable(api, cs)
		if v == nil {
			return fmt.Errorf("tesseract: no variable %q", name)
		}
		got = C.GoString(v)
		same = got == value
	}
	if !same {
		return fmt.Errorf("tesseract: variable %s set to %q reads %q", name, value, got)
	}
	return nil
}

// dataFiles returns the language data files the engine loaded: the
// .traineddata of each of its languages in the folder Tesseract took them
// from (TESSDATA_PREFIX, or the library's own default), as the engine itself
// reports after initialisation. A page record's fingerprint holds their hashes.
func dataFiles(api unsafe.Pointer) ([]string, error) {
	dir := C.GoString(C.datapath(api))
	langs := C.GoString(C.initLanguages(api))
	if dir == "" || langs == "" {
		return nil, errors.New("tesseract: the engine names no data folder or language")
	}
	var files []string
	for _, l := range strings.Split(langs, "+") {
		f := filepath.Join(dir, l+".traineddata")
		if _, err := os.Stat(f); err != nil {
			return nil, fmt.Errorf("tesseract: language data of %q: %w", l, err)
		}
		files = append(files, f)
	}
	return files, nil
}
