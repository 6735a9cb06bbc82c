package tesseract

/*
#include <malloc.h>

// heap_in_use is what glibc's malloc has handed out and not taken back, in
// every arena and in mapped blocks.
static size_t heap_in_use() { struct mallinfo2 m = mallinfo2(); return m.uordblks + m.hblkhd; }
*/
import "C"

// cHeapInUse returns the bytes of the C heap in use: Tesseract's memory,
// its leaks included, without the freed memory glibc keeps in its arenas
// (which makes resident memory too noisy to see a leak of a page's hOCR).
// The soak test measures with it.
func cHeapInUse() int64 { return int64(C.heap_in_use()) }
