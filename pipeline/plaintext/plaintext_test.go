package plaintext

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, path string
		text       string // the text read, or
		err        string // what the error says, after the path
		notText    bool   // the error wraps ErrNotText
	}{
		{"UTF-8", write("ok.txt", []byte("Разуваев\n")), "Разуваев\n", "", false},
		{"byte-order mark dropped", write("bom.txt", []byte("\uFEFFтекст")), "текст", "", false},
		{"empty", write("empty.txt", nil), "", "", false},
		{"JPEG", write("photo.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")), "", ": not a text file: binary data (a NUL byte at offset 4)", true},
		{"CP1251", write("cp1251.txt", []byte("ok \xd0\xe0\xe7")), "", ": not a text file: not UTF-8 (an invalid byte at offset 3); convert it first", true},
		{"folder", dir, "", ": not a text file: a folder", true},
		{"named pipe", fifo, "", ": not a text file: a named pipe, not a regular file (- reads standard input)", true},
		{"device", "/dev/null", "", ": not a text file: a device, not a regular file", true},
		{"missing", filepath.Join(dir, "nothing.txt"), "", ": no such file or directory", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(tt.path)
			if tt.err == "" {
				if err != nil || got != tt.text {
					t.Fatalf("Read = %q, %v; want %q", got, err, tt.text)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.path+tt.err) {
				t.Fatalf("error %v; want %q", err, tt.path+tt.err)
			}
			if errors.Is(err, ErrNotText) != tt.notText {
				t.Errorf("errors.Is(%v, ErrNotText) = %v", err, !tt.notText)
			}
		})
	}
}

func TestReadFrom(t *testing.T) {
	if got, err := ReadFrom("standard input", strings.NewReader("\uFEFFстрока\n")); err != nil || got != "строка\n" {
		t.Errorf("text: %q, %v", got, err)
	}
	_, err := ReadFrom("standard input", strings.NewReader("GIF89a\x01\x00"))
	if !errors.Is(err, ErrNotText) || !strings.Contains(err.Error(), "standard input: not a text file: binary data (a NUL byte at offset 7)") {
		t.Errorf("binary: %v", err)
	}
}
