package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// checkSampleDir refuses to write the sample into dir when dir holds
// anything, unless force: the directory may be a dataset the user has
// edited, and writing the sample would replace it without a word. A
// directory that does not exist yet, or is empty, is fine.
func checkSampleDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("-write-sample %s: %w", dir, err)
	case len(entries) == 0 || force:
		return nil
	}
	names := make([]string, 0, 3)
	for _, e := range entries[:min(3, len(entries))] {
		names = append(names, e.Name())
	}
	held := strings.Join(names, ", ")
	if more := len(entries) - len(names); more > 0 {
		held += fmt.Sprintf(" and %d more", more)
	}
	return fmt.Errorf("-write-sample %s: the directory is not empty (it holds %s); the sample would overwrite a dataset there: choose another directory, or add -force", dir, held)
}
