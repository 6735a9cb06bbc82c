package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// A path named on the command line that does not exist, or a folder where
// a file is wanted or a file where a folder is, is a usage error (exit 2)
// in every command; what the file holds is the command's business.

// needFolder checks that path is a folder; what says what it is for.
func needFolder(path, what string) error {
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		return &exitError{exitUsage, fmt.Errorf("%s %s: does not exist or is not a folder", what, path)}
	}
	return nil
}

// needPath checks that path exists (a file or a folder).
func needPath(path, what string) error {
	_, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &exitError{exitUsage, fmt.Errorf("%s %s: does not exist", what, path)}
	case err != nil:
		return &exitError{exitFatal, fmt.Errorf("%s: %w", what, err)}
	}
	return nil
}

// needFile checks that path exists and is not a folder.
func needFile(path, what string) error {
	if err := needPath(path, what); err != nil {
		return err
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return &exitError{exitUsage, fmt.Errorf("%s %s: is a folder, not a file", what, path)}
	}
	return nil
}

// outputDirArg is the output folder a command works on: its argument, or
// output; it must be a folder.
func outputDirArg(args []string) (string, error) {
	dir := "output"
	if len(args) == 1 {
		dir = args[0]
	}
	return dir, needFolder(dir, "output folder")
}
