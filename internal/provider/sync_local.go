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
	"slices"
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
	w := &sourceWalk{filter: filter, slots: make(chan struct{}, walkParallelism())}
	w.dir(root, "", []([2]uint64){fileID(fi)})
	w.wg.Wait()
	if len(w.errs) > 0 {
		// Folders are walked at once: the error of the first path in order
		// is the one reported, as a walk one folder at a time would.
		return nil, slices.MinFunc(w.errs, func(a, b walkError) int { return strings.Compare(a.rel, b.rel) }).err
	}
	slices.SortFunc(w.files, func(a, b localFile) int { return strings.Compare(a.rel, b.rel) })
	return w.files, nil
}

// walkParallelism is how many folders are read at once. Stat-ing every
// file is most of a no-op plan's own work (100,000 files: 0.3 s of system
// time in one thread); the kernel serves it on every core.
func walkParallelism() int { return max(2, 2*runtime.GOMAXPROCS(0)) }

type sourceWalk struct {
	filter fileFilter
	slots  chan struct{} // a folder read in a goroutine of its own holds one
	wg     sync.WaitGroup
	mu     sync.Mutex
	files  []localFile
	errs   []walkError
}

type walkError struct {
	rel string
	err error
}

// dir walks the folder abs (rel below the root); ancestors are the
// identities of the folders above it, to recognise a symlink loop. Its
// subfolders are walked in goroutines of their own while slots are free,
// else in this one.
func (w *sourceWalk) dir(abs, rel string, ancestors [][2]uint64) {
	files, werr := w.entries(abs, rel, ancestors)
	w.mu.Lock()
	w.files = append(w.files, files...)
	if werr != nil {
		w.errs = append(w.errs, *werr)
	}
	w.mu.Unlock()
}

// entryStat is what the walk needs of a folder entry (statAt).
type entryStat struct {
	dir, regular  bool
	size, modNano int64
	id            [2]uint64 // device and inode; zero where unknown
}

// entries stats the folder's entries and returns its files; the first
// problem stops it, with the path it concerns.
func (w *sourceWalk) entries(abs, rel string, ancestors [][2]uint64) ([]localFile, *walkError) {
	folder, err := os.Open(abs)
	var names []string
	if err == nil {
		defer folder.Close()
		names, err = folder.Readdirnames(-1)
	}
	if err != nil {
		return nil, &walkError{rel, fmt.Errorf("cannot read the folder %q of `source_dir`: %w", orDot(rel), err)}
	}
	files := make([]localFile, 0, len(names))
	fps := make([]fingerprint, len(names)) // one allocation for the folder's files
	for i, name := range names {
		childRel := path.Join(rel, name)
		if err := storableName(name, childRel); err != nil {
			return files, &walkError{childRel, err}
		}
		childAbs := filepath.Join(abs, name)
		st, err := statAt(folder, abs, name)
		if err != nil {
			if lfi, lerr := os.Lstat(childAbs); lerr == nil && lfi.Mode()&fs.ModeSymlink != 0 {
				return files, &walkError{childRel, fmt.Errorf("%q in `source_dir` is a symlink to nothing that can be read (%v): fix or remove it, or exclude it", childRel, err)}
			}
			return files, &walkError{childRel, fmt.Errorf("cannot read %q in `source_dir`: %w", childRel, err)}
		}
		switch {
		case st.dir:
			if w.filter.prunes(childRel) {
				continue
			}
			for _, a := range ancestors {
				if st.id != [2]uint64{} && a == st.id {
					return files, &walkError{childRel, fmt.Errorf("%q in `source_dir` is a symlink loop: it leads back to a folder above it; remove it or exclude it", childRel)}
				}
			}
			if len(ancestors) > maxSourceDepth {
				return files, &walkError{childRel, fmt.Errorf("%q in `source_dir` is more than %d folders deep (a symlink loop?)", childRel, maxSourceDepth)}
			}
			below := append(ancestors[:len(ancestors):len(ancestors)], st.id)
			select {
			case w.slots <- struct{}{}:
				w.wg.Add(1)
				go func() {
					defer func() { <-w.slots; w.wg.Done() }()
					w.dir(childAbs, childRel, below)
				}()
			default:
				w.dir(childAbs, childRel, below)
			}
		case !w.filter.wants(childRel):
		case !st.regular:
			kind := "not a file or folder"
			if fi, err := os.Stat(childAbs); err == nil {
				kind = fi.Mode().Type().String()
			}
			return files, &walkError{childRel, fmt.Errorf("%q in `source_dir` is not a regular file (%s): exclude it", childRel, kind)}
		default:
			fps[i] = fingerprint{Path: childAbs, Size: st.size, ModNano: st.modNano, Inode: st.id[1]}
			files = append(files, localFile{rel: childRel, fp: &fps[i]})
		}
	}
	return files, nil
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

// hashFiles fills in the SHA-256 of every file whose hash is not known
// (by the previous plan's records; nil: none), reading each such file
// once, a few at a time. It returns how many it read.
func hashFiles(ctx context.Context, files []localFile, known knownHash) (int, error) {
	var todo []int
	for i, f := range files {
		if known != nil {
			if h := known(f.rel, f.fp); h != "" {
				f.fp.SHA256 = h
				continue
			}
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
