package provider

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// localFile is one file of an alist_directory_sync's source_dir.
type localFile struct {
	rel string       // slash-separated, relative to source_dir
	fp  *fingerprint // Path is the name it is opened by; SHA256 once hashed
}

// maxSourceDepth bounds the walk where symlink loops cannot be recognised
// by file identity (platforms without inodes).
const maxSourceDepth = 64

// walkSource lists the regular files below dir that filter wants, sorted,
// following symlinks. A symlink loop, an unreadable entry, a file that is
// not a regular file, or a name the server cannot store is an error naming
// that file.
func walkSource(dir string, filter fileFilter) ([]localFile, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot resolve `source_dir` %q: %w", dir, err)
	}
	fi, err := os.Stat(root)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("`source_dir` %q does not exist: check the path (relative paths are relative to the directory Terraform runs in; path.module helps)", dir)
	case err != nil:
		return nil, fmt.Errorf("cannot read `source_dir` %q: %w", dir, err)
	case !fi.IsDir():
		return nil, fmt.Errorf("`source_dir` %q is not a folder: upload a single file with alist_file", dir)
	}
	w := &sourceWalk{filter: filter}
	if err := w.dir(root, "", []([2]uint64){fileID(fi)}); err != nil {
		return nil, err
	}
	sort.Slice(w.files, func(i, j int) bool { return w.files[i].rel < w.files[j].rel })
	return w.files, nil
}

type sourceWalk struct {
	filter fileFilter
	files  []localFile
}

// dir walks the folder abs (rel below the root); ancestors are the
// identities of the folders above it, to recognise a symlink loop.
func (w *sourceWalk) dir(abs, rel string, ancestors [][2]uint64) error {
	entries, err := os.ReadDir(abs)
	if err != nil {
		return fmt.Errorf("cannot read the folder %q of `source_dir`: %w", orDot(rel), err)
	}
	for _, de := range entries {
		childRel := path.Join(rel, de.Name())
		if err := storableName(de.Name(), childRel); err != nil {
			return err
		}
		childAbs := filepath.Join(abs, de.Name())
		fi, err := os.Stat(childAbs) // follows symlinks
		if err != nil {
			if _, lerr := os.Lstat(childAbs); lerr == nil && de.Type()&fs.ModeSymlink != 0 {
				return fmt.Errorf("%q in `source_dir` is a symlink to nothing that can be read (%v): fix or remove it, or exclude it", childRel, err)
			}
			return fmt.Errorf("cannot read %q in `source_dir`: %w", childRel, err)
		}
		switch {
		case fi.IsDir():
			if w.filter.prunes(childRel) {
				continue
			}
			id := fileID(fi)
			for _, a := range ancestors {
				if id != [2]uint64{} && a == id {
					return fmt.Errorf("%q in `source_dir` is a symlink loop: it leads back to a folder above it; remove it or exclude it", childRel)
				}
			}
			if len(ancestors) > maxSourceDepth {
				return fmt.Errorf("%q in `source_dir` is more than %d folders deep (a symlink loop?)", childRel, maxSourceDepth)
			}
			if err := w.dir(childAbs, childRel, append(ancestors[:len(ancestors):len(ancestors)], id)); err != nil {
				return err
			}
		case !w.filter.wants(childRel):
		case !fi.Mode().IsRegular():
			return fmt.Errorf("%q in `source_dir` is not a regular file (%s): exclude it", childRel, fi.Mode().Type())
		default:
			w.files = append(w.files, localFile{rel: childRel, fp: &fingerprint{Path: childAbs, Size: fi.Size(), ModNano: fi.ModTime().UnixNano(), Inode: inode(fi)}})
		}
	}
	return nil
}

func orDot(rel string) string {
	if rel == "" {
		return "."
	}
	return rel
}

// storableName refuses a name the servers would store under another name:
// they turn a backslash into a folder separator, and refuse control
// characters.
func storableName(name, rel string) error {
	if strings.Contains(name, `\`) {
		return fmt.Errorf("%q in `source_dir` has a backslash in its name, which AList takes for a folder separator: rename it or exclude it", rel)
	}
	if err := alist.ValidatePath("/" + rel); err != nil {
		return fmt.Errorf("%q in `source_dir` cannot be stored on the server (%v): rename it or exclude it", rel, err)
	}
	return nil
}

// hashFiles fills in the SHA-256 of every file whose fingerprint is not in
// known (the previous plan's, by relative path), reading each such file
// once, a few at a time. It returns how many it read.
func hashFiles(ctx context.Context, files []localFile, known map[string]*fingerprint) (int, error) {
	var todo []int
	for i, f := range files {
		if prev := known[f.rel]; prev.sameFile(f.fp) && prev.SHA256 != "" {
			f.fp.SHA256 = prev.SHA256
			continue
		}
		todo = append(todo, i)
	}
	workers := min(len(todo), max(2, runtime.GOMAXPROCS(0)))
	next := make(chan int)
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 256<<10)
			for i := range next {
				f := &files[i]
				fp, err := hashFile(f.fp.Path, buf)
				if err == nil && !fp.sameFile(f.fp) {
					err = errors.New("it changed while the plan was being made: run the command again once it is written")
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("%q in `source_dir`: %w", f.rel, err)
					}
					mu.Unlock()
					continue
				}
				f.fp = fp
			}
		}()
	}
	for _, i := range todo {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return len(todo), firstErr
}
