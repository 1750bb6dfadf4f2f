package slp

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/openrenewal/smartlicensing/slp/capture"
	"github.com/openrenewal/smartlicensing/slp/rum"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// File is the result of reading one file with ReadFiles: the parsed
// capture or usage file, or the error that kept it from being read.
type File struct {
	Path    string           `json:"path"`
	Capture *capture.Capture `json:"capture,omitempty"`
	Usage   *rum.UsageFile   `json:"usage,omitempty"`
	Err     error            `json:"-"`
}

// ReadFiles reads what a network team collects from its devices — `show
// license` captures of any command capture.Detect knows, and RUM usage files — in
// one call. Each path is a file or a directory; directories are walked
// recursively, in lexical order, skipping entries whose name starts with
// "." and not following links to directories (links to files are read).
// Every file gives one File, in order: a usage file (rum.IsUsageFile) is read
// with rum.ReadUsageFile, anything else is parsed as a capture. A file that
// cannot be read, is larger than its limit (capture.MaxBytes,
// rum.MaxUsageFileBytes) or is not recognised has its error in Err and does not
// fail the others. Warnings and errors name the file.
//
// The error return is non-nil only when ctx ends; the files read until then
// are returned with it.
func ReadFiles(ctx context.Context, paths ...string) ([]File, error) {
	var out []File
	for _, root := range paths {
		files, err := captureFiles(root)
		if err != nil {
			out = append(out, File{Path: root, Err: err})
			continue
		}
		for _, path := range files {
			if err := ctx.Err(); err != nil {
				return out, err
			}
			out = append(out, readFile(ctx, path))
		}
	}
	return out, ctx.Err()
}

// captureFiles lists the regular files under root (root itself when it is a file).
func captureFiles(root string) ([]string, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("slp: %w", err)
	}
	if !info.IsDir() {
		return []string{root}, nil
	}
	var files []string
	err = filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != root && len(e.Name()) > 0 && e.Name()[0] == '.' {
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if e.Type()&fs.ModeSymlink != 0 { // a link to a file is read; one to a folder is not walked
			if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
				files = append(files, path)
			}
			return nil
		}
		if e.Type().IsRegular() {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("slp: %w", err)
	}
	sort.Strings(files)
	return files, nil
}

// readFile reads one file: a usage file whole, a capture up to
// capture.MaxBytes.
func readFile(ctx context.Context, path string) File {
	r := File{Path: path}
	f, err := os.Open(path)
	if err != nil {
		r.Err = fmt.Errorf("slp: %w", err)
		return r
	}
	defer f.Close()
	in := bufio.NewReaderSize(f, 4096)
	head, err := in.Peek(4096)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		r.Err = fmt.Errorf("slp: %s: %w", path, err)
		return r
	}
	if rum.IsUsageFile(head) {
		r.Usage, r.Err = rum.ReadUsageFile(ctx, in, path)
		return r
	}
	if info, err := f.Stat(); err == nil && info.Size() > capture.MaxBytes {
		r.Err = fmt.Errorf("slp: %s: the file has %d bytes, more than the %d (8 MiB, capture.MaxBytes) read: %w", path, info.Size(), capture.MaxBytes, smartaccount.ErrTooLarge)
		return r
	}
	data, err := io.ReadAll(io.LimitReader(in, capture.MaxBytes+1))
	if err != nil {
		r.Err = fmt.Errorf("slp: %s: %w", path, err)
		return r
	}
	c, err := capture.Parse(bytes.NewReader(data), path)
	if err != nil {
		r.Err = fmt.Errorf("%s: %w", path, err)
		return r
	}
	r.Capture = c
	return r
}
