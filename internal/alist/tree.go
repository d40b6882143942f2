package alist

import (
	"context"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"
)

// TreeFile is a file below the walked root.
type TreeFile struct {
	Rel    string // slash-separated path relative to the root, e.g. "css/site.css"
	Object        // as fs/list reports it (Name, Size, Modified, HashInfo…)
}

// Tree is everything below a folder, as Walk found it.
type Tree struct {
	Files []TreeFile // sorted by Rel
	Dirs  []string   // every folder below the root, relative, sorted; the root itself is not listed
	// Provider is the storage driver of the root, e.g. "Local" (see
	// StorageCaches); "unknown" for a root above the storages, such as "/".
	// Folders of another storage mounted below the root are walked like
	// the others, with the root's refresh decision.
	Provider string
}

// ByRel indexes the files by their relative path.
func (t *Tree) ByRel() map[string]*Object {
	m := make(map[string]*Object, len(t.Files))
	for i := range t.Files {
		m[t.Files[i].Rel] = &t.Files[i].Object
	}
	return m
}

// WalkOptions are Walk's options.
type WalkOptions struct {
	Parallelism int // folders listed at once; default 8
	// Refresh re-reads the folders from the storage instead of the server's
	// cache, on storages that cache listings (StorageCaches); it needs write
	// permission there. Local storage is never refreshed, so a read-only
	// account can walk it with Refresh set.
	Refresh bool
}

const defaultWalkParallelism = 8

// Walk lists every folder below root, every page of each, up to
// opts.Parallelism folders at once, and stops at the first failure. A
// missing root is ErrNotFound (an *APIError); a root that is a file is
// ErrNotFolder.
//
// Requests: one fs/list per page of each folder, plus one fs/get of the
// root when it is needed, and only then:
//   - with Refresh, before anything else: whether the first listing may
//     refresh depends on the driver, and fs/list tells the driver only with
//     the listing itself (and not at all on OpenList), so finding it out by
//     listing would cost a whole listing where fs/get costs one small call;
//   - without Refresh, when the root's fs/list does not name the driver
//     (OpenList always says "unknown"), for Tree.Provider; it runs beside
//     the listing of the sub-folders. On AList v3.38 and v3.62 a walk
//     without Refresh is fs/list calls only.
func (s *Session) Walk(ctx context.Context, root string, opts WalkOptions) (*Tree, error) {
	if !strings.HasPrefix(root, "/") {
		return nil, fmt.Errorf("walk %q: the path must be absolute (start with \"/\")", root)
	}
	root = path.Clean(root)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	tree := &Tree{}
	refresh := false
	if opts.Refresh {
		obj, err := s.walkRoot(ctx, root)
		if err != nil {
			return nil, err
		}
		tree.Provider = obj.Provider
		refresh = StorageCaches(obj.Provider)
	}
	// The root alone first: its answer decides whether there is anything
	// to walk, and names the driver.
	top, err := s.ListDir(ctx, root, ListOptions{Refresh: refresh})
	if err != nil {
		return nil, s.rootListError(ctx, root, err)
	}

	w := &walker{s: s, ctx: ctx, cancel: cancel, root: root, refresh: refresh, tree: tree}
	w.cond = sync.NewCond(&w.mu)
	w.add("", top.Items)
	var wg sync.WaitGroup
	if !opts.Refresh {
		if namesDriver(top.Provider) {
			tree.Provider = top.Provider
		} else {
			wg.Go(func() {
				obj, err := s.Get(ctx, root, "")
				if err != nil {
					w.fail(err)
					return
				}
				w.mu.Lock()
				tree.Provider = obj.Provider
				w.mu.Unlock()
			})
		}
	}
	n := opts.Parallelism
	if n <= 0 {
		n = defaultWalkParallelism
	}
	for range n {
		wg.Go(w.work)
	}
	wg.Wait()
	if w.err != nil {
		return nil, w.err
	}
	tree.Files = w.sortedFiles()
	slices.Sort(tree.Dirs)
	return tree, nil
}

// namesDriver reports whether fs/list's provider is a driver's name.
func namesDriver(provider string) bool { return provider != "" && provider != "unknown" }

// walkRoot is the root's fs/get, which must show a folder. A root missing
// from a caching storage's stale listing of its parent is looked up once
// more after refreshing the parent; if that refresh is refused, the answer
// stays not found.
func (s *Session) walkRoot(ctx context.Context, root string) (*Object, error) {
	obj, err := s.Get(ctx, root, "")
	if errors.Is(err, ErrNotFound) && root != "/" {
		dir, _ := SplitPath(root)
		if s.Refresh(ctx, dir) == nil {
			obj, err = s.Get(ctx, root, "")
		}
	}
	switch {
	case err != nil:
		return nil, err
	case !obj.IsDir:
		return nil, notFolder(root)
	}
	return obj, nil
}

// rootListError explains a failed listing of the root: a file there
// cannot be listed, and the servers' words for that differ, so an fs/get
// tells (on this failure path only).
func (s *Session) rootListError(ctx context.Context, root string, err error) error {
	if errors.Is(err, ErrNotFound) || ctx.Err() != nil {
		return err
	}
	if obj, gerr := s.Get(ctx, root, ""); gerr == nil && !obj.IsDir {
		return notFolder(root)
	}
	return err
}

func notFolder(root string) error {
	return fmt.Errorf("walk %q: %w: the path is a file", root, ErrNotFolder)
}

// walker lists the folders below a root with a fixed number of workers
// sharing one queue (a goroutine per folder would hold thousands of them
// for a big tree).
type walker struct {
	s       *Session
	ctx     context.Context
	cancel  context.CancelCauseFunc
	root    string
	refresh bool

	mu      sync.Mutex
	cond    *sync.Cond // signalled when the queue, pending or err change
	queue   []string   // folders (relative) waiting to be listed
	pending int        // folders queued or being listed
	err     error      // the first failure: everyone stops
	tree    *Tree
	files   [][]TreeFile // each folder's files, as listed
}

// sortedFiles are the files listed, sorted by path. The pointers are
// sorted, then each file copied once: sorting the records themselves
// (some 200 bytes each) moved 100,000 of them some 17 times each.
func (w *walker) sortedFiles() []TreeFile {
	n := 0
	for _, chunk := range w.files {
		n += len(chunk)
	}
	refs := make([]*TreeFile, 0, n)
	for _, chunk := range w.files {
		for i := range chunk {
			refs = append(refs, &chunk[i])
		}
	}
	slices.SortFunc(refs, func(a, b *TreeFile) int { return strings.Compare(a.Rel, b.Rel) })
	files := make([]TreeFile, len(refs))
	for i, f := range refs {
		files[i] = *f
	}
	return files
}

func (w *walker) work() {
	for {
		rel, ok := w.next()
		if !ok {
			return
		}
		l, err := w.s.ListDir(w.ctx, joinRel(w.root, rel), ListOptions{Refresh: w.refresh})
		if err != nil {
			w.fail(err)
			return
		}
		w.mu.Lock()
		w.add(rel, l.Items)
		w.pending--
		w.cond.Broadcast()
		w.mu.Unlock()
	}
}

// next takes a folder to list, waiting while others are being listed
// (they may add more); false when the walk is over or failed.
func (w *walker) next() (string, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.queue) == 0 && w.pending > 0 && w.err == nil {
		w.cond.Wait()
	}
	if w.err != nil || len(w.queue) == 0 {
		return "", false
	}
	// Last in, first out: deep trees keep a short queue.
	rel := w.queue[len(w.queue)-1]
	w.queue = w.queue[:len(w.queue)-1]
	return rel, true
}

// add records a listed folder's entries and queues its sub-folders.
// Called with w.mu held, or before the workers start.
func (w *walker) add(dir string, items []Object) {
	files := make([]TreeFile, 0, len(items))
	defer func() { w.files = append(w.files, files) }()
	for _, it := range items {
		rel := it.Name
		if dir != "" {
			rel = dir + "/" + it.Name
		}
		if it.IsDir {
			w.tree.Dirs = append(w.tree.Dirs, rel)
			w.queue = append(w.queue, rel)
			w.pending++
			continue
		}
		files = append(files, TreeFile{Rel: rel, Object: it})
	}
}

// fail records the first failure and stops the requests under way.
func (w *walker) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
		w.cancel(err)
	}
	w.cond.Broadcast()
}

// joinRel is the full path of a folder relative to root ("" is root).
func joinRel(root, rel string) string {
	switch {
	case rel == "":
		return root
	case root == "/":
		return "/" + rel
	}
	return root + "/" + rel
}
