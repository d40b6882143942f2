package alisttest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Driver names reported as "provider".
const (
	DriverLocal  = "Local"
	DriverCached = "Cached"
)

// mount is one storage as a driver in memory: a folder on disk shown at a
// virtual mount path, or another server's folder (remote), or nothing to
// show (offline). Local storages read the disk on every call. Caching
// storages imitate the remote drivers: a folder's listing is read once and
// kept until a refresh, so changes made behind the server's back (or, on
// AList, by uploads) stay invisible for a while. The expiry after
// cache_expiration minutes is not imitated: tests never wait that long.
// A mount never changes once mounted (its cache aside): a storage's
// update or reload mounts a new one.
type mount struct {
	path     string // virtual mount path, e.g. "/local"
	root     string // folder on disk; Server.noDisk for remote and offline mounts
	driver   string
	caching  bool
	created  time.Time
	row      Storage   // the row the driver was initialised with
	addition object    // the driver's Addition after Init
	remote   *remoteFS // AList V3 / OpenList: listings come from another server
	offline  error     // every read answers it: a failed init, or WebDav/S3
	// hideDot: a Local storage whose show_hidden is off leaves every name
	// starting with "." out of its listings, files and folders alike, on
	// every flavour (Local's List). Reads by path still find them: Local's
	// Get stats the path, and op.Get asks it before any listing.
	hideDot bool

	mu    sync.Mutex
	cache map[string][]obj // listing per storage-relative folder path
}

// obj is a file or folder as the fs calls see it.
type obj struct {
	name     string
	size     int64
	isDir    bool
	modified time.Time
	created  time.Time
	disk     string // path on disk; "" for virtual and remote objects
	actual   string // path as the driver knows it: inside the storage, or on the remote server
	remote   bool   // from another server (AList V3 driver)
}

// hashInfo is an object's "hashinfo" text and "hash_info" value: none
// (null) for files on disk; the AList V3 driver's objects carry the
// target's hashes, an empty set in the transcripts ("{}" and {}).
func (o obj) hashInfo() (string, any) {
	if o.remote {
		return "{}", object{}
	}
	return "null", nil
}

// notFoundError is the real servers' "object not found", whose wording
// differs per flavour; wrapping keeps it recognisable (errors.As), as
// errs.IsObjectNotFound does on the real servers.
type notFoundError struct{ msg string }

func (e *notFoundError) Error() string { return e.msg }

func (f Flavor) notFound() error { return &notFoundError{f.msgNotFound()} }

// errListedNotFound is the miss of a driver without a Get of its own, whose
// objects are looked up in their parent's listing (op.Get): the bare error,
// which OpenList's Local driver's Get wraps as "failed to get obj: ...".
var errListedNotFound = &notFoundError{"object not found"}

func isNotFound(err error) bool {
	var nf *notFoundError
	return errors.As(err, &nf)
}

var errNotFolder = errors.New("not a folder")

// diskFolder is the folder of an Options storage: Dir/<mount path>.
func (s *Server) diskFolder(mountPath string) string {
	return filepath.Join(s.dir, filepath.FromSlash(mountPath))
}

func mkdirAll(dir string) error { return os.MkdirAll(dir, 0o755) }

// fsGet is the real fs.Get: a virtual folder, the root, or an object of a
// storage.
func (s *Server) fsGet(p string) (obj, error) {
	p = fixAndCleanPath(p)
	if p != "/" {
		dir, name := path.Split(p)
		for _, v := range s.virtualFiles(dir) {
			if v.name == name {
				return v, nil
			}
		}
	}
	m, actual, err := s.storageFor(p)
	if err != nil {
		if p == "/" {
			return obj{name: "root", isDir: true}, nil
		}
		return obj{}, fmt.Errorf("failed get storage: %w", err)
	}
	return m.get(s.flavor, actual)
}

// fsList is the real fs.List: a storage folder's entries merged with the
// virtual folders leading to deeper mounts. It also returns the storage.
func (s *Server) fsList(p string, refresh bool) ([]obj, *mount, error) {
	p = fixAndCleanPath(p)
	virtual := s.virtualFiles(p)
	m, actual, err := s.storageFor(p)
	if err != nil && len(virtual) == 0 {
		return nil, nil, fmt.Errorf("failed get storage: %w", err)
	}
	var objs []obj
	if m != nil {
		objs, err = m.list(s.flavor, actual, refresh)
		if err != nil && len(virtual) == 0 {
			return nil, m, fmt.Errorf("failed get objs: %w", err)
		}
	}
	return withVirtual(objs, virtual), m, nil
}

// withVirtual appends the virtual folders a storage's listing lacks. Most
// folders have none: their listing is returned as it is, without a look
// at each entry (which made every fs/get in a big cached folder O(n)).
func withVirtual(objs, virtual []obj) []obj {
	if len(virtual) == 0 {
		return objs
	}
	missing := map[string]bool{}
	for _, v := range virtual {
		missing[v.name] = true
	}
	for _, o := range objs {
		delete(missing, o.name)
	}
	objs = slices.Clip(objs) // a cached listing: append to a copy
	for _, v := range virtual {
		if missing[v.name] {
			objs = append(objs, v)
		}
	}
	return objs
}

// fsRelated is fs/get's related list: o's siblings sharing its base name.
// It is related(fsList(parent)), reading only the matching entries from disk
// on storages without a cache.
func (s *Server) fsRelated(parent string, o obj) ([]obj, *mount, error) {
	parent = fixAndCleanPath(parent)
	m, actual, err := s.storageFor(parent)
	if err != nil || m.caching {
		objs, m, err := s.fsList(parent, false)
		return related(objs, o), m, err
	}
	objs, err := m.readDir(fixAndCleanPath(actual), relatedTo(o))
	if err != nil {
		return nil, m, err
	}
	return withVirtual(objs, related(s.virtualFiles(parent), o)), m, nil
}

func (m *mount) disk(actual string) string {
	return filepath.Join(m.root, filepath.FromSlash(fixAndCleanPath(actual)))
}

func (m *mount) rootObj() obj {
	return obj{name: "root", isDir: true, modified: m.created, created: m.created, disk: m.root, actual: "/"}
}

// get finds one object. AList finds it in its parent's listing, which is
// why its errors nest ("failed get parent list: failed get dir: ...") and
// why caching storages answer from the cache. OpenList's Local driver stats
// the file directly and reports a folder's inode size. Remote drivers have
// no Get either: a miss in the listing is a plain "object not found" on
// every flavour (errListedNotFound). A remote mount that caches, or one
// whose folders below the top list the target's root (topOnly), is
// imitated through the listing; the others ask the target's fs/get, which
// gives the same answer without reading the whole folder.
func (m *mount) get(f Flavor, actual string) (obj, error) {
	actual = fixAndCleanPath(actual)
	if actual == "/" {
		return m.rootObj(), nil
	}
	remote := m.remote != nil
	switch {
	case m.offline != nil:
		return obj{}, m.offline
	case remote && !m.caching && !m.remote.topOnly:
		return m.remote.get(actual)
	case f.openList() && !m.caching && !remote:
		return m.stat(f, actual)
	}
	miss := f.notFound()
	if remote {
		miss = errListedNotFound
	}
	dir, name := path.Split(actual)
	if !m.caching && !remote {
		// The entry the parent's listing would give, without reading the
		// whole folder: the real server answers from its memory cache, so a
		// get must not cost a stat of every sibling. A missing entry of an
		// existing folder is not found either way (the listing leaves out
		// what it cannot stat); a missing folder goes the listing's way,
		// for its errors' path and wording.
		if o, ok := m.statEntry(actual); ok {
			return o, nil
		}
		if d, ok := m.statEntry(dir); ok && d.isDir {
			return obj{}, miss
		}
	}
	objs, err := m.list(f, dir, false)
	if err != nil {
		if f.openList() {
			return obj{}, miss
		}
		return obj{}, fmt.Errorf("failed get parent list: %w", err)
	}
	for _, o := range objs {
		if o.name == name {
			return o, nil
		}
	}
	return obj{}, miss
}

// openListDirSize is the folder size OpenList's Local driver reports in
// fs/get (a directory inode's size on the usual file systems).
const openListDirSize = 4096

func (m *mount) stat(f Flavor, actual string) (obj, error) {
	o, ok := m.statEntry(actual)
	if !ok {
		return obj{}, f.notFound()
	}
	if o.isDir {
		o.size = openListDirSize
	}
	return o, nil
}

// statEntry is an existing object as a listing of its folder shows it.
func (m *mount) statEntry(actual string) (obj, bool) {
	p := m.disk(actual)
	fi, err := os.Stat(p)
	if err != nil {
		return obj{}, false
	}
	return objFromInfo(path.Base(actual), fi, p, actual), true
}

// list returns a folder's entries, checking the folder itself first like
// the real op.List. Caching storages answer from their cache unless
// refresh is set.
func (m *mount) list(f Flavor, dir string, refresh bool) ([]obj, error) {
	dir = fixAndCleanPath(dir)
	if dir != "/" {
		d, err := m.get(f, dir)
		if err != nil {
			return nil, fmt.Errorf("failed get dir: %w", err)
		}
		if !d.isDir {
			return nil, errNotFolder
		}
	}
	if !m.caching {
		return m.readDir(dir, nil)
	}
	m.mu.Lock()
	cached, ok := m.cache[dir]
	m.mu.Unlock()
	if ok && !refresh {
		// Clipped: cacheUpsert appends to the cached listing in place, so
		// a caller appending to its copy must not write into it.
		return slices.Clip(cached), nil
	}
	objs, err := m.readDir(dir, nil)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.cache[dir] = objs
	m.mu.Unlock()
	return slices.Clip(objs), nil
}

// readDir reads a folder from disk, sorted by name, dot files left out
// where the storage hides them (hideDot), or from the remote server, in
// its order. Folder sizes are 0 in listings on every flavour. keep, when
// set, picks the names to stat.
func (m *mount) readDir(dir string, keep func(name string) bool) ([]obj, error) {
	switch {
	case m.offline != nil:
		return nil, m.offline
	case m.remote != nil:
		return m.remote.list(dir, keep)
	}
	p := m.disk(dir)
	if keep != nil {
		return m.readDirMatching(dir, p, keep)
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return nil, err
	}
	objs := make([]obj, 0, len(entries))
	for _, e := range entries {
		if m.hidden(e.Name()) {
			continue
		}
		fi, err := entryInfo(p, e)
		if err != nil {
			continue // removed meanwhile
		}
		objs = append(objs, objFromInfo(e.Name(), fi, filepath.Join(p, e.Name()), path.Join(dir, e.Name())))
	}
	return objs, nil
}

// readDirMatching is readDir for the few names keep picks (fs/get's
// related files, asked on every fs/get): only names are read and only the
// kept ones sorted, where os.ReadDir makes and sorts an entry for every
// name in the folder.
func (m *mount) readDirMatching(dir, p string, keep func(name string) bool) ([]obj, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	all, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, n := range all {
		if keep(n) && !m.hidden(n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	objs := make([]obj, 0, len(names))
	for _, n := range names {
		fi, err := os.Lstat(filepath.Join(p, n))
		if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			fi, err = os.Stat(filepath.Join(p, n))
		}
		if err != nil {
			continue // removed meanwhile
		}
		objs = append(objs, objFromInfo(n, fi, filepath.Join(p, n), path.Join(dir, n)))
	}
	return objs, nil
}

// hidden reports whether a listing leaves the name out (see hideDot).
func (m *mount) hidden(name string) bool { return m.hideDot && strings.HasPrefix(name, ".") }

func entryInfo(dir string, e fs.DirEntry) (fs.FileInfo, error) {
	if e.Type()&fs.ModeSymlink != 0 {
		return os.Stat(filepath.Join(dir, e.Name()))
	}
	return e.Info()
}

func objFromInfo(name string, fi fs.FileInfo, disk, actual string) obj {
	o := obj{name: name, isDir: fi.IsDir(), modified: fi.ModTime().UTC(), created: changeTime(fi).UTC(),
		disk: disk, actual: actual}
	if !o.isDir {
		o.size = fi.Size()
	}
	return o
}

// Cache maintenance after writes. What each write does to the cache
// differs: see the callers.

// cacheDrop forgets one folder's listing, so it is read again.
func (m *mount) cacheDrop(dir string) {
	if !m.caching {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.cache, fixAndCleanPath(dir))
}

// cacheDropTree forgets the listings of p and of everything below it.
func (m *mount) cacheDropTree(p string) {
	if !m.caching {
		return
	}
	p = fixAndCleanPath(p)
	m.mu.Lock()
	defer m.mu.Unlock()
	for k := range m.cache {
		if k == p || strings.HasPrefix(k, strings.TrimSuffix(p, "/")+"/") {
			delete(m.cache, k)
		}
	}
}

// cacheRemove deletes one entry from its parent's cached listing (and the
// listings below it), as a remove does on the real servers.
func (m *mount) cacheRemove(actual string) {
	if !m.caching {
		return
	}
	actual = fixAndCleanPath(actual)
	dir, name := path.Split(actual)
	dir = fixAndCleanPath(dir)
	m.cacheDropTree(actual)
	m.mu.Lock()
	defer m.mu.Unlock()
	if list, ok := m.cache[dir]; ok {
		kept := make([]obj, 0, len(list))
		for _, o := range list {
			if o.name != name {
				kept = append(kept, o)
			}
		}
		m.cache[dir] = kept
	}
}

// cacheUpsert puts the current state of one file into its parent's cached
// listing (OpenList after an upload): replaced in place, or appended.
func (m *mount) cacheUpsert(actual string) {
	if !m.caching {
		return
	}
	actual = fixAndCleanPath(actual)
	dir, name := path.Split(actual)
	dir = fixAndCleanPath(dir)
	fi, err := os.Stat(m.disk(actual))
	if err != nil {
		return
	}
	o := objFromInfo(name, fi, m.disk(actual), actual)
	m.mu.Lock()
	defer m.mu.Unlock()
	list, ok := m.cache[dir]
	if !ok {
		return
	}
	if i := slices.IndexFunc(list, func(c obj) bool { return c.name == name }); i >= 0 {
		// Readers may be going through list: replace in a copy.
		list = slices.Clone(list)
		list[i] = o
		m.cache[dir] = list
		return
	}
	// A new entry goes past the end of every reader's slice (list clips
	// what it hands out), so it is appended in place: copying the whole
	// listing for each upload made filling a big folder quadratic.
	m.cache[dir] = append(list, o)
}

// makeDir is the real op.MakeDir: succeed if the folder exists, refuse a
// file, otherwise make the parent first.
func (m *mount) makeDir(f Flavor, actual string) error {
	o, err := m.get(f, actual)
	if err == nil {
		if o.isDir {
			return nil
		}
		return errors.New("file exists")
	}
	if !isNotFound(err) {
		return fmt.Errorf("failed to check if dir exists: %w", err)
	}
	parent, _ := path.Split(fixAndCleanPath(actual))
	if err := m.makeDir(f, parent); err != nil {
		return fmt.Errorf("failed to make parent dir [%s]: %w", parent, err)
	}
	if err := os.Mkdir(m.disk(actual), 0o755); err != nil {
		// Another request made it meanwhile: fine if it is a folder.
		if fi, serr := os.Stat(m.disk(actual)); serr != nil || !fi.IsDir() {
			return err
		}
	}
	m.cacheDrop(parent)
	return nil
}
