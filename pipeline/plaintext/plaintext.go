package plaintext

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"unicode/utf8"
)

// ErrNotText marks an input that is not UTF-8 text.
var ErrNotText = errors.New("not a text file")

// Read returns the text of the regular file at path, without a UTF-8
// byte-order mark. Its error names path and says what is wrong: it cannot be
// read, it is not a regular file (a folder, a pipe, a device), or it holds
// binary data or bytes that are not UTF-8 (both wrap ErrNotText).
func Read(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s: %w: %s", path, ErrNotText, kind(fi.Mode()))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return Text(path, b)
}

// ReadFrom returns the text read from r, named name in errors, as Read does.
func ReadFrom(name string, r io.Reader) (string, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", name, err)
	}
	return Text(name, b)
}

// Text returns b as text, without a UTF-8 byte-order mark, or an error
// wrapping ErrNotText that names name and the first byte that is not text:
// a NUL (binary data: an image, a PDF, a word processor's file) or a byte
// that is not UTF-8 (text in another encoding, such as CP1251 or KOI8-R).
func Text(name string, b []byte) (string, error) {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return "", fmt.Errorf("%s: %w: binary data (a NUL byte at offset %d)", name, ErrNotText, i)
	}
	if !utf8.Valid(b) {
		i := 0
		for i < len(b) {
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		return "", fmt.Errorf("%s: %w: not UTF-8 (an invalid byte at offset %d); convert it first, e.g. with iconv -f CP1251 -t UTF-8", name, ErrNotText, i)
	}
	return string(bytes.TrimPrefix(b, []byte("\uFEFF"))), nil
}

// kind names what a file that is not a regular file is.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe, not a regular file (- reads standard input)"
	case m&fs.ModeSocket != 0:
		return "a socket, not a regular file"
	case m&fs.ModeDevice != 0:
		return "a device, not a regular file (- reads standard input)"
	}
	return "not a regular file"
}
