package alisttest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// fs/copy as the three servers do it. Within one storage AList v3.38 and
// v3.62 copy at once (no task); OpenList's Local driver tries a reflink
// per file, which an ext4 disk refuses, so its files are copied by tasks
// there too. Between storages every name becomes a copy task; a folder's
// task queues one task per entry (files and sub-folders) and ends at
// once, so a copy is done only when every descendant task is. Empty
// folders are never made by tasks: a folder appears as the parent of a
// copied file.

type copyReq struct {
	SrcDir       string   `json:"src_dir"`
	DstDir       string   `json:"dst_dir"`
	Names        []string `json:"names"`
	Overwrite    bool     `json:"overwrite"`     // v3.62, OpenList
	SkipExisting bool     `json:"skip_existing"` // v3.62, OpenList
	Merge        bool     `json:"merge"`         // OpenList
}

// copyJob is what a copy task copies: one object into a folder. The
// storages are held from the moment the task is queued, so a task still
// writes into a storage disabled meanwhile.
type copyJob struct {
	src, dst *mount
	srcPath  string // inside src
	dstDir   string // inside dst
	merge    bool   // OpenList merge: existing files are left alone
	// skipSameSize: v3.62 skip_existing, checked by the task: an existing
	// file of the same size is skipped, of another size overwritten.
	skipSameSize bool
}

func (j *copyJob) virtualSrc() string { return path.Join(j.src.path, j.srcPath) }

func (j *copyJob) verb() string {
	if j.merge {
		return "merge"
	}
	return "copy"
}

func (j *copyJob) taskName() string {
	return fmt.Sprintf("%s [%s](%s) to [%s](%s)", j.verb(), j.src.path, j.srcPath, j.dst.path, j.dstDir)
}

func handleFsCopy(c *reqCtx) (any, error) {
	s, f := c.s, c.s.flavor
	var req copyReq
	if err := bind(c.r, &req); err != nil {
		return nil, err
	}
	if len(req.Names) == 0 {
		return nil, errEmptyNames
	}
	srcDir, dstDir, err := c.srcDstDirs(PermCopy, req.SrcDir, req.DstDir) // fs.go
	if err != nil {
		return nil, err
	}
	if f == AListV338 { // no overwrite, skip_existing or merge there
		req.Overwrite, req.SkipExisting, req.Merge = true, false, false
	}
	if f != OpenListV4 {
		req.Merge = false
	}
	// Every name is checked before anything starts: an existing one is
	// refused unless overwrite; OpenList's skip_existing drops it (any
	// size), and its merge drops an existing file but merges into an
	// existing folder. v3.62's skip_existing leaves it to the task.
	var names []string
	for _, name := range req.Names {
		if err := s.checkName(name); err != nil {
			return nil, err
		}
		if !req.Overwrite {
			if o, err := s.fsGet(path.Join(dstDir, name)); err == nil {
				switch {
				case !req.SkipExisting && !req.Merge:
					return nil, failf(403, "file [%s] exists", name)
				case f == OpenListV4 && (!req.Merge || !o.isDir):
					continue
				}
			}
		}
		names = append(names, name)
	}
	tasks := []object{}
	for _, name := range names {
		t, err := s.copyOne(c.user, path.Join(srcDir, name), dstDir, req.Merge, req.SkipExisting && f == AListV362)
		if err != nil {
			return nil, fail(500, err)
		}
		if t != nil {
			// The answer shows the task as queued. (OpenList's can show it
			// running or done already: a race there.)
			tasks = append(tasks, s.taskJSON(t))
			s.queueCopy(t)
		}
	}
	if f != OpenListV4 {
		return object{{"tasks", tasks}}, nil
	}
	if len(tasks) == 0 {
		return object{{"message", "Copy operations completed immediately"}}, nil
	}
	return object{
		{"message", fmt.Sprintf("Successfully created %d copy task(s)", len(tasks))},
		{"tasks", tasks},
	}, nil
}

// errNeedsTask: OpenList's Local driver could not reflink a file, so the
// copy goes to a task (errs.NotSupport on the real server).
var errNeedsTask = errors.New("not support")

// copyOne copies one object into a folder: at once within a storage where
// the flavour does so, else by a task, returned for the caller to queue.
func (s *Server) copyOne(u *userRec, src, dstDir string, merge, skipSameSize bool) (*task, error) {
	sm, sActual, err := s.storageFor(src)
	if err != nil {
		return nil, fmt.Errorf("failed get src storage: %w", err)
	}
	dm, dActual, err := s.storageFor(dstDir)
	if err != nil {
		return nil, fmt.Errorf("failed get dst storage: %w", err)
	}
	if sm.remote != nil || dm.remote != nil || sm.offline != nil || dm.offline != nil {
		return nil, fmt.Errorf("alisttest: copy between remote storages is not implemented")
	}
	if sm == dm {
		// v3.62's skip_existing skips a file of the same size at once.
		if so, err := sm.get(s.flavor, sActual); err == nil && skipSameSize && s.sameSizeFile(so, dm, dActual) {
			return nil, nil
		}
		err := s.copyWithin(sm, sActual, dActual)
		if !errors.Is(err, errNeedsTask) {
			return nil, err
		}
	}
	job := &copyJob{src: sm, dst: dm, srcPath: fixAndCleanPath(sActual), dstDir: fixAndCleanPath(dActual),
		merge: merge, skipSameSize: skipSameSize}
	t := newTask(kindCopy, job.taskName(), u, 0)
	t.job = job
	return t, nil
}

// sameSizeFile tells whether the destination folder has a file of the
// source file's name and size (v3.62's skip_existing).
func (s *Server) sameSizeFile(so obj, dm *mount, dstDirActual string) bool {
	if so.isDir {
		return false
	}
	o, err := dm.get(s.flavor, path.Join(dstDirActual, so.name))
	return err == nil && !o.isDir && o.size == so.size
}

// copyWithin is the Local driver's Copy within one storage.
func (s *Server) copyWithin(m *mount, srcActual, dstDirActual string) error {
	so, err := s.srcAndDstDir(m, srcActual, m, dstDirActual) // fs.go
	if err != nil {
		return err
	}
	srcDisk, dstDisk := m.disk(srcActual), m.disk(path.Join(dstDirActual, so.name))
	if dstDisk == srcDisk || strings.HasPrefix(dstDisk, srcDisk+string(filepath.Separator)) {
		return errors.New("the destination folder is a subfolder of the source folder")
	}
	defer m.cacheDrop(fixAndCleanPath(dstDirActual))
	defer m.cacheDropTree(path.Join(dstDirActual, so.name))
	switch s.flavor {
	case AListV338:
		return copyTree(srcDisk, dstDisk, false, s.copies.add) // a new file: the copy's time
	case AListV362:
		return copyTree(srcDisk, dstDisk, true, s.copies.add)
	}
	return reflinkTree(srcDisk, dstDisk)
}

// reflinkTree is OpenList's Local copy on a disk without reflink: folders
// are made (files of a folder before its sub-folders) until the first
// file, which needs a task.
func reflinkTree(src, dst string) error {
	fi, entries, err := mirrorFolder(src, dst)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return errNeedsTask
	}
	for _, e := range entries {
		if !e.IsDir() {
			return errNeedsTask
		}
	}
	for _, e := range entries {
		if err := reflinkTree(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// mirrorFolder stats src; for a folder it makes dst and returns src's
// entries.
func mirrorFolder(src, dst string) (os.FileInfo, []os.DirEntry, error) {
	fi, err := os.Stat(src)
	if err != nil || !fi.IsDir() {
		return fi, nil, err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return nil, nil, err
	}
	entries, err := os.ReadDir(src)
	return fi, entries, err
}

// copyTree copies a file or a folder recursively, into an existing folder
// too (merged, files overwritten); keepTimes keeps files' and folders'
// modification times. copied is told each source file copied.
func copyTree(src, dst string, keepTimes bool, copied func(src string)) error {
	fi, entries, err := mirrorFolder(src, dst)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		if err := copyFile(context.Background(), src, dst, fi, keepTimes, nil); err != nil {
			return err
		}
		copied(src)
		return nil
	}
	for _, e := range entries {
		if err := copyTree(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name()), keepTimes, copied); err != nil {
			return err
		}
	}
	if keepTimes {
		return os.Chtimes(dst, fi.ModTime(), fi.ModTime())
	}
	return nil
}

// copyFile writes dst directly under its final name, as the Local driver's
// Put does (a half-copied file is visible meanwhile), and stops when ctx
// ends. progress, if set, gets the percentage after each read, computed as
// the real utils.CopyWithCtx does: bytes / (size/100), so a file under
// 100 bytes stays at 0 when done.
func copyFile(ctx context.Context, src, dst string, fi os.FileInfo, keepTime bool, progress func(float64)) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	buf := make([]byte, 32<<10)
	var done int64
	for {
		if err := ctx.Err(); err != nil {
			out.Close()
			return err
		}
		n, rerr := in.Read(buf)
		if n > 0 {
			if _, err := out.Write(buf[:n]); err != nil {
				out.Close()
				return err
			}
			done += int64(n)
		}
		if hundredth := fi.Size() / 100; progress != nil && hundredth > 0 {
			progress(float64(done) / float64(hundredth))
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			out.Close()
			return rerr
		}
	}
	if err := out.Close(); err != nil {
		return err
	}
	if keepTime {
		return os.Chtimes(dst, fi.ModTime(), fi.ModTime())
	}
	return nil
}

// runCopy is one run of a copy task (copyBetween2Storages): a folder
// queues a task per entry, a file is put into the destination folder,
// which is made first.
func (s *Server) runCopy(ctx context.Context, t *task) error {
	f, j := s.flavor, t.job
	s.setStatus(t, "getting src object")
	so, err := j.src.get(f, j.srcPath)
	if err != nil {
		return fmt.Errorf("failed get src [%s] file: %w", j.srcPath, err)
	}
	if !so.isDir && f == OpenListV4 {
		s.setStatus(t, "getting src object link")
	}
	// Where a source that blocks on open holds the real task.
	if err := s.copyFaults.before(ctx, s, t); err != nil {
		return err
	}
	if so.isDir {
		return s.copyFolder(ctx, t, so)
	}
	s.tasks.mu.Lock()
	t.totalBytes = so.size
	if f == OpenListV4 {
		t.status = "uploading"
	}
	s.tasks.mu.Unlock()
	target := path.Join(j.dstDir, so.name)
	if j.skipSameSize && s.sameSizeFile(so, j.dst, j.dstDir) {
		s.tasks.mu.Lock()
		t.status, t.progress = "skipped: destination file already exists", 100
		s.tasks.mu.Unlock()
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := j.dst.makeDir(f, j.dstDir); err != nil {
		return fmt.Errorf("failed to make dir [%s]: %w", j.dstDir, err)
	}
	fi, err := os.Stat(j.src.disk(j.srcPath))
	if err != nil {
		return fmt.Errorf("failed get src [%s] file: %w", j.srcPath, err)
	}
	err = copyFile(ctx, j.src.disk(j.srcPath), j.dst.disk(target), fi, true, func(p float64) {
		s.tasks.mu.Lock()
		t.progress = p
		s.tasks.mu.Unlock()
	})
	// AList caches lazily: a caching destination's listing stays stale
	// until a refresh; OpenList updates it.
	if f.cacheUpdatedOnPut() {
		j.dst.cacheUpsert(target)
	}
	if err == nil {
		s.copies.add(j.src.disk(j.srcPath))
	}
	return err
}

// copyCounter counts the files each source file was copied to, by a task
// or at once, by the source's disk path.
type copyCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func (cc *copyCounter) add(srcDisk string) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.n == nil {
		cc.n = map[string]int{}
	}
	cc.n[srcDisk]++
}

// Copies is how many times the file at virtualPath was copied (by a copy
// task or at once within a storage) since the server started or
// ResetCounts: what a client's copy really cost, whatever the requests.
func (s *Server) Copies(virtualPath string) int {
	p := s.DiskPath(virtualPath)
	s.copies.mu.Lock()
	defer s.copies.mu.Unlock()
	return s.copies.n[p]
}

// CopiesTotal is how many files were copied since the server started or
// ResetCounts.
func (s *Server) CopiesTotal() int {
	s.copies.mu.Lock()
	defer s.copies.mu.Unlock()
	total := 0
	for _, n := range s.copies.n {
		total += n
	}
	return total
}

// copyFolder queues one task per entry of a source folder. OpenList's
// merge leaves out the files the destination folder already has.
func (s *Server) copyFolder(ctx context.Context, t *task, so obj) error {
	f, j := s.flavor, t.job
	s.setStatus(t, "src object is dir, listing objs")
	objs, err := j.src.list(f, j.srcPath, false)
	if err != nil {
		return fmt.Errorf("failed list src [%s] objs: %w", j.srcPath, err)
	}
	dstDir := path.Join(j.dstDir, so.name)
	existing := map[string]bool{}
	if j.merge {
		if dobjs, err := j.dst.list(f, dstDir, false); err == nil {
			for _, o := range dobjs {
				existing[o.name] = !o.isDir
			}
		}
	}
	for _, o := range objs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if j.merge && !o.isDir && existing[o.name] {
			continue
		}
		child := *j
		child.srcPath, child.dstDir = path.Join(j.srcPath, o.name), dstDir
		ct := t.child(child.taskName())
		ct.job = &child
		s.queueCopy(ct)
	}
	s.setStatus(t, fmt.Sprintf("src object is dir, added all %s tasks of objs", j.verb()))
	return nil
}

// Fault hooks for copy tasks, keyed by the source's virtual path (e.g.
// "/local/src/a.txt"); a folder's child tasks have their own paths.

type copyFaultState struct {
	mu     sync.Mutex
	fail   map[string]*copyFailure
	stall  map[string]chan struct{}
	vanish map[string]bool
}

type copyFailure struct {
	msg  string
	runs int // runs left to fail; <= 0 for ever
}

func (cf *copyFaultState) init() {
	cf.fail = map[string]*copyFailure{}
	cf.stall = map[string]chan struct{}{}
	cf.vanish = map[string]bool{}
}

// FailCopy makes the runs of copy tasks whose source is src fail with msg
// as their error: the next runs ones, or every one for runs <= 0. A task
// runs 3 times before it fails (2 retries at once), so runs 1 or 2 is a
// transient failure the task gets over, runs 3 fails one task.
func (s *Server) FailCopy(src, msg string, runs int) {
	s.copyFaults.mu.Lock()
	defer s.copyFaults.mu.Unlock()
	s.copyFaults.fail[fixAndCleanPath(src)] = &copyFailure{msg: msg, runs: runs}
}

// StallCopy holds the copy tasks of src in state running (as a source that
// blocks on open does) until release is called; a cancel meanwhile shows
// as canceling and takes effect on release. Close releases them too.
func (s *Server) StallCopy(src string) (release func()) {
	ch := make(chan struct{})
	s.copyFaults.mu.Lock()
	s.copyFaults.stall[fixAndCleanPath(src)] = ch
	s.copyFaults.mu.Unlock()
	var once bool
	return func() {
		s.copyFaults.mu.Lock()
		defer s.copyFaults.mu.Unlock()
		if !once {
			once = true
			close(ch)
			if s.copyFaults.stall[fixAndCleanPath(src)] == ch {
				delete(s.copyFaults.stall, fixAndCleanPath(src))
			}
		}
	}
}

// VanishCopy makes the copy tasks of src disappear when they start: no
// copy is made and no list shows them again, as after a restart of v3.62
// or OpenList.
func (s *Server) VanishCopy(src string) {
	s.copyFaults.mu.Lock()
	defer s.copyFaults.mu.Unlock()
	s.copyFaults.vanish[fixAndCleanPath(src)] = true
}

// before applies the faults due for a run of t.
func (cf *copyFaultState) before(ctx context.Context, s *Server, t *task) error {
	src := t.job.virtualSrc()
	cf.mu.Lock()
	vanish := cf.vanish[src]
	stall := cf.stall[src]
	var failMsg string
	if fl := cf.fail[src]; fl != nil {
		failMsg = fl.msg
		if fl.runs > 0 {
			if fl.runs--; fl.runs == 0 {
				delete(cf.fail, src)
			}
		}
	}
	cf.mu.Unlock()
	if vanish {
		s.tasks.mu.Lock()
		s.deleteLocked(t)
		s.tasks.mu.Unlock()
		return errContextCanceled
	}
	if stall != nil {
		s.tasks.mu.Lock()
		if s.tasks.stalls == nil {
			s.tasks.stalls = map[*task]chan struct{}{}
		}
		s.tasks.stalls[t] = stall
		s.tasks.mu.Unlock()
		select {
		case <-stall:
		case <-s.ctx.Done():
		}
		s.tasks.mu.Lock()
		delete(s.tasks.stalls, t)
		s.tasks.mu.Unlock()
		if err := ctx.Err(); err != nil {
			return errContextCanceled
		}
	}
	if failMsg != "" {
		return errors.New(failMsg)
	}
	return nil
}
