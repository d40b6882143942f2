package alisttest

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"
)

func handleFsPut(c *reqCtx) (any, error)  { return c.upload(false) }
func handleFsForm(c *reqCtx) (any, error) { return c.upload(true) }

// upload implements fs/put (raw body) and fs/form (multipart field
// "file"). The content is streamed to a temporary file next to the
// storages and renamed into place, so no upload is ever held in memory.
func (c *reqCtx) upload(form bool) (_ any, err error) {
	defer func() {
		if err != nil {
			// Read what the client still sends, so it gets the answer
			// instead of a broken pipe.
			_, _ = io.Copy(io.Discard, c.r.Body)
		}
	}()
	s, f := c.s, c.s.flavor
	rawPath, err := url.PathUnescape(c.r.Header.Get("File-Path"))
	if err != nil {
		return nil, fail(400, err)
	}
	reqPath, err := s.joinPath(c.user, rawPath)
	if err != nil {
		return nil, err
	}
	if err := c.metaRequireUpload(reqPath); err != nil { // PermWrite, or a meta's write
		return nil, err
	}
	if f.overwriteHeader() && c.r.Header.Get("Overwrite") == "false" {
		if _, err := s.fsGet(reqPath); err == nil {
			return nil, &apiError{403, "file exists"}
		}
	}
	if !form && c.r.ContentLength < 0 && !f.chunkedUploads() {
		// AList parses the Content-Length header, which a chunked request
		// does not have.
		_, err := strconv.ParseInt(c.r.Header.Get("Content-Length"), 10, 64)
		return nil, fail(400, err)
	}
	dir, name := path.Split(reqPath)
	m, dirActual, err := s.storageFor(dir)
	if err != nil {
		if form { // fs/form looks the storage up by the file's path
			_, _, ferr := s.storageFor(reqPath)
			return nil, fail(400, ferr)
		}
		return nil, failf(500, "failed get storage: %v", err)
	}
	up := &pendingUpload{m: m, dir: dirActual, name: name, mtime: lastModified(c.r)}
	asTask := c.r.Header.Get("As-Task") == "true"
	if !asTask {
		// Parent folders first, as the real Put does before reading.
		if err := m.makeDir(f, dirActual); err != nil {
			return nil, failf(500, "failed to make dir [%s]: %v", dirActual, err)
		}
	}
	body, err := c.uploadBody(form)
	if err != nil {
		return nil, fail(500, err)
	}
	if err := s.receive(up, body); err != nil {
		return nil, fail(500, err)
	}
	if !asTask {
		if err := s.commit(up); err != nil {
			return nil, fail(500, err)
		}
		return nil, nil
	}
	t := newTask(kindUpload, fmt.Sprintf("upload %s to [%s](%s)", name, m.path, dirActual), c.user, up.size)
	t.status = "uploading" // never changes: the real servers keep it to the end
	s.tasks.add(t)
	// The answer shows the task as queued, as the real server's does; the
	// task may well have finished by the time the answer is written.
	queued := s.taskJSON(t)
	s.runUploadTask(t, up)
	return object{{"task", queued}}, nil
}

// lastModified is the Last-Modified header (epoch milliseconds), applied
// as the file's mtime; nil when absent or not a number.
func lastModified(r *http.Request) *time.Time {
	ms, err := strconv.ParseInt(r.Header.Get("Last-Modified"), 10, 64)
	if err != nil {
		return nil
	}
	t := time.UnixMilli(ms)
	return &t
}

// uploadBody is the raw body, or the multipart part "file" read as a
// stream (the form is never parsed into memory or temp files).
func (c *reqCtx) uploadBody(form bool) (io.Reader, error) {
	if !form {
		return c.r.Body, nil
	}
	mr, err := c.r.MultipartReader()
	if err != nil {
		return nil, err
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, http.ErrMissingFile
		}
		if err != nil {
			return nil, err
		}
		if part.FormName() == "file" {
			return part, nil
		}
	}
}

// pendingUpload is content received into a temporary file, waiting to be
// renamed into place.
type pendingUpload struct {
	m     *mount
	dir   string // storage-relative folder
	name  string
	mtime *time.Time
	tmp   string
	size  int64
}

func (s *Server) receive(up *pendingUpload, body io.Reader) error {
	f, err := os.CreateTemp(s.staged.next(), "upload-*")
	if err != nil {
		return err
	}
	up.tmp = f.Name()
	up.size, err = io.Copy(f, body)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(up.tmp)
	}
	return err
}

// staging is where uploads are received: several folders, taken in turn.
// With one, concurrent uploads queued on its lock: creating a file and
// renaming it away both lock the folder, and on ext4 a create can take
// long (its inode allocator scans for recently deleted inodes), so 8
// uploaders spent most of their time waiting for each other.
type staging struct {
	dirs []string
	n    atomic.Uint32
}

const stagingDirs = 16

func (st *staging) init(root string) error {
	for i := range stagingDirs {
		d := filepath.Join(root, strconv.Itoa(i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		st.dirs = append(st.dirs, d)
	}
	return nil
}

func (st *staging) next() string { return st.dirs[st.n.Add(1)%stagingDirs] }

// commit moves a received upload into place. Only OpenList updates a
// caching storage's listing; AList leaves it stale until a refresh.
func (s *Server) commit(up *pendingUpload) error {
	actual := path.Join(up.dir, up.name)
	target := up.m.disk(actual)
	err := func() error {
		if fi, err := os.Stat(target); err == nil && fi.IsDir() {
			return &os.PathError{Op: "open", Path: target, Err: errors.New("is a directory")}
		}
		if up.mtime != nil {
			if err := os.Chtimes(up.tmp, *up.mtime, *up.mtime); err != nil {
				return err
			}
		}
		return os.Rename(up.tmp, target)
	}()
	if err != nil {
		_ = os.Remove(up.tmp)
		return err
	}
	if s.flavor.cacheUpdatedOnPut() {
		up.m.cacheUpsert(actual)
	}
	return nil
}

// runUploadTask finishes an As-Task upload after TaskDelay: the file
// appears only then, or the task fails (state 7) with the error.
func (s *Server) runUploadTask(t *task, up *pendingUpload) {
	if !s.busy.start() {
		_ = os.Remove(up.tmp)
		s.tasks.finish(t, errClosed)
		return
	}
	go func() {
		defer s.busy.done()
		timer := time.NewTimer(s.opts.TaskDelay)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-s.ctx.Done():
			_ = os.Remove(up.tmp)
			s.tasks.finish(t, errClosed)
			return
		}
		s.tasks.setRunning(t)
		err := up.m.makeDir(s.flavor, up.dir)
		if err != nil {
			_ = os.Remove(up.tmp)
			err = fmt.Errorf("failed to make dir [%s]: %w", up.dir, err)
		} else {
			err = s.commit(up)
		}
		s.tasks.finish(t, err)
	}()
}
