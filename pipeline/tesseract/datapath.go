package tesseract

/*
#cgo pkg-config: tesseract
#include <tesseract/capi.h>

static const char* datapath(void* api) { return TessBaseAPIGetDatapath((TessBaseAPI*)api); }
static const char* initLanguages(void* api) { return TessBaseAPIGetInitLanguagesAsString((TessBaseAPI*)api); }
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unsafe"
)

// DataFiles returns the language data files the engine loaded: the
// .traineddata of each of its languages in the folder Tesseract took them
// from (TESSDATA_PREFIX, or the library's own default), as the engine itself
// reports after initialisation. A page record's fingerprint holds their hashes.
func (c *Client) DataFiles() ([]string, error) {
	api := unsafe.Pointer(c.e.api)
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
