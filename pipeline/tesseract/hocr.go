package tesseract

/*
#cgo pkg-config: tesseract
#include <stdbool.h>
#include <stdlib.h>
#include <tesseract/capi.h>

// stopped is the monitor's cancel callback: Tesseract calls it before each
// line it recognises, with the flag Go sets (stop) when the page's context
// is done. The flag lives in C memory and is read and written atomically.
static bool stopped(void* flag, int words) { return __atomic_load_n((int*)flag, __ATOMIC_ACQUIRE) != 0; }
static void stop(int* flag) { __atomic_store_n(flag, 1, __ATOMIC_RELEASE); }

static ETEXT_DESC* monitor(int* flag, int deadline_ms) {
	ETEXT_DESC* m = TessMonitorCreate();
	TessMonitorSetCancelFunc(m, stopped);
	TessMonitorSetCancelThis(m, flag);
	TessMonitorSetDeadlineMSecs(m, deadline_ms);
	return m;
}

// hocr returns the hOCR of the page the engine has recognised; the caller
// frees it with TessDeleteText.
static char* hocr(TessBaseAPI* api) { return TessBaseAPIGetHOCRText(api, 0); }
*/
import "C"

import (
	"context"
	"errors"
	"image"
	"math"
	"reflect"
	"time"
	"unsafe"

	"github.com/otiai10/gosseract/v2"
)

// gosseract v2.4.1 recognises without a monitor, so a page can neither be
// given a time limit nor be stopped, and it never frees the strings
// Tesseract hands back (hOCR with per-character alternatives is most of a
// megabyte a page: a long run would grow by that much per page, measured by
// TestSoakRSS). So gosseract only creates, configures and frees the engine;
// spravka hands it the image, recognises with a monitor and takes the hOCR
// itself, through Tesseract's C API on the engine gosseract created.
// gosseract keeps that engine in an unexported field: engineOf reads it, and
// New fails when a gosseract release moves it (TestEngineHandle says so too).

// handle is a tesseract::TessBaseAPI.
type handle = *C.TessBaseAPI

// engineOf returns the tesseract::TessBaseAPI behind a gosseract client.
func engineOf(c *gosseract.Client) (handle, error) {
	v := reflect.ValueOf(c).Elem().FieldByName("api")
	if !v.IsValid() || v.Kind() != reflect.Pointer && v.Kind() != reflect.UnsafePointer {
		return nil, errors.New("gosseract.Client has no engine handle field")
	}
	p := *(*unsafe.Pointer)(unsafe.Pointer(v.UnsafeAddr()))
	if p == nil {
		return nil, errors.New("gosseract.Client has no engine yet")
	}
	return (*C.TessBaseAPI)(p), nil
}

// setImage hands img (8-bit gray) to the engine at dpi; Tesseract copies it.
func setImage(api handle, img *image.Gray, dpi int) {
	b := img.Bounds()
	pix := img.Pix[img.PixOffset(b.Min.X, b.Min.Y):]
	C.TessBaseAPISetImage(api, (*C.uchar)(unsafe.Pointer(&pix[0])), C.int(b.Dx()), C.int(b.Dy()), 1, C.int(img.Stride))
	C.TessBaseAPISetSourceResolution(api, C.int(dpi))
}

// recognise recognises the image set on api and returns its hOCR page,
// freeing Tesseract's copy. When ctx is done first (its deadline, or a
// cancellation) Tesseract stops before its next line and recognise returns
// context.Cause(ctx); the engine stays usable for the next page. Layout
// analysis, before the first line, is not interruptible.
func recognise(ctx context.Context, api handle) (string, error) {
	if ctx.Err() != nil {
		return "", context.Cause(ctx)
	}
	flag := (*C.int)(C.calloc(1, C.size_t(unsafe.Sizeof(C.int(0)))))
	defer C.free(unsafe.Pointer(flag))
	// Tesseract's own deadline (0: none) spares a wake-up; the cancel flag
	// covers Ctrl-C and any deadline too far off for an int of milliseconds.
	ms := 0
	if d, ok := ctx.Deadline(); ok {
		// a millisecond late, so that the context is never the later one
		if left := time.Until(d); left < time.Duration(math.MaxInt32-1)*time.Millisecond {
			ms = max(0, int(left/time.Millisecond)) + 1
		}
	}
	m := C.monitor(flag, C.int(ms))
	defer C.TessMonitorDelete(m)
	// The flag must outlive the callback that sets it: when stopWatch finds
	// the callback already started, wait for it before the flag is freed.
	set := make(chan struct{})
	stopWatch := context.AfterFunc(ctx, func() {
		C.stop(flag)
		close(set)
	})
	defer func() {
		if !stopWatch() {
			<-set
		}
	}()
	if C.TessBaseAPIRecognize(api, m) != 0 {
		if d, ok := ctx.Deadline(); ok && !time.Now().Before(d) {
			<-ctx.Done() // the context's timer may lag Tesseract's clock a moment
		}
		if ctx.Err() != nil {
			return "", context.Cause(ctx)
		}
		return "", errors.New("tesseract could not recognise the page")
	}
	s := C.hocr(api)
	if s == nil {
		return "", errors.New("tesseract returned no hOCR")
	}
	defer C.TessDeleteText(s)
	return C.GoString(s), nil
}
