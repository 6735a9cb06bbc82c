package tesseract

/*
#cgo pkg-config: tesseract
#include <stdlib.h>
#include <tesseract/capi.h>

// hocr returns the hOCR of the page the engine has recognised; the caller
// frees it with TessDeleteText.
static char* hocr(void* api) { return TessBaseAPIGetHOCRText((TessBaseAPI*)api, 0); }
*/
import "C"

import (
	"errors"
	"reflect"
	"unsafe"

	"github.com/otiai10/gosseract/v2"
)

// gosseract v2.4.1 never frees the strings Tesseract hands back, and hOCR with
// per-character alternatives is most of a megabyte a page: a long run would
// grow by that much per page (measured by TestSoakRSS). So spravka takes the
// hOCR itself, through Tesseract's C API on the engine gosseract created, and
// frees it. gosseract keeps that engine in an unexported field; engineOf
// reads it, and when a gosseract release moves it, HOCR falls back to
// gosseract's own HOCRText (and TestEngineHandle fails, to say so).

// engineOf returns the tesseract::TessBaseAPI behind a gosseract client.
func engineOf(c *gosseract.Client) (unsafe.Pointer, error) {
	v := reflect.ValueOf(c).Elem().FieldByName("api")
	if !v.IsValid() || v.Kind() != reflect.Pointer && v.Kind() != reflect.UnsafePointer {
		return nil, errors.New("gosseract.Client has no engine handle field")
	}
	p := *(*unsafe.Pointer)(unsafe.Pointer(v.UnsafeAddr()))
	if p == nil {
		return nil, errors.New("gosseract.Client has no engine yet")
	}
	return p, nil
}

// hocrOf returns the hOCR of the page api has recognised, freeing Tesseract's copy.
func hocrOf(api unsafe.Pointer) (string, error) {
	s := C.hocr(api)
	if s == nil {
		return "", errors.New("tesseract returned no hOCR")
	}
	defer C.TessDeleteText(s)
	return C.GoString(s), nil
}
