package alist

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"time"
)

// Object is an entry as fs/get and fs/list describe it.
type Object struct {
	Name     string            `json:"name"`
	Size     int64             `json:"size"`
	IsDir    bool              `json:"is_dir"`
	Modified time.Time         `json:"modified"`
	Created  time.Time         `json:"created"`
	Sign     string            `json:"sign"`
	Thumb    string            `json:"thumb"`
	Type     int               `json:"type"`
	HashInfo map[string]string `json:"hash_info"`
	RawURL   string            `json:"raw_url"`  // fs/get only
	Readme   string            `json:"readme"`   // fs/get only
	Header   string            `json:"header"`   // fs/get only
	Provider string            `json:"provider"` // fs/get only
}

type pathRequest struct {
	Path     string `json:"path"`
	Password string `json:"password,omitempty"`
}

// Get is fs/get: one object's metadata. A missing object is ErrNotFound.
// password is a protected folder's password ("" for none). RawURL is the
// link that downloads the file, which is not always the one the server sent
// (see Session.downloadURL).
func (s *Session) Get(ctx context.Context, path, password string) (*Object, error) {
	var o Object
	err := s.call(ctx, &request{
		op: "fs/get", method: http.MethodPost, path: "/api/fs/get",
		json: pathRequest{Path: path, Password: password}, remotePath: path, idempotent: true,
	}, &o)
	if err != nil {
		return nil, err
	}
	o.RawURL = s.downloadURL(ctx, o.RawURL)
	return &o, nil
}

// ListOptions are fs/list's options.
type ListOptions struct {
	Password string
	// Refresh re-reads the folder from the storage instead of the server's
	// cache (needs write permission). Caching storages on v3.38/v3.62 need it
	// after an upload before fs/get sees the new file.
	Refresh bool
}

// listPageSize is the largest page every version honours (v3.62 caps at 500).
const listPageSize = 500

type listRequest struct {
	Path     string `json:"path"`
	Password string `json:"password,omitempty"`
	Page     int    `json:"page"`
	PerPage  int    `json:"per_page"`
	Refresh  bool   `json:"refresh"`
}

// Listing is a folder's entries, every page of fs/list.
type Listing struct {
	Items []Object
	// Provider is the folder's storage driver as fs/list reports it.
	// AList v3.38 and v3.62 name it; OpenList answers "unknown" even on
	// Local storage (only its fs/get names the driver), and every server
	// does for a folder above the storages, such as "/".
	Provider string
}

// ListDir is fs/list, every page of it.
func (s *Session) ListDir(ctx context.Context, path string, opts ListOptions) (*Listing, error) {
	l := &Listing{}
	for page := 1; ; page++ {
		var data struct {
			Content  []Object `json:"content"`
			Total    int      `json:"total"`
			Provider string   `json:"provider"`
		}
		err := s.call(ctx, &request{
			op: "fs/list", method: http.MethodPost, path: "/api/fs/list", remotePath: path, idempotent: true,
			// Refresh only the first page: later pages come from the fresh cache.
			json: listRequest{Path: path, Password: opts.Password, Page: page, PerPage: listPageSize, Refresh: opts.Refresh && page == 1},
		}, &data)
		if err != nil {
			return nil, err
		}
		if page == 1 {
			l.Provider = data.Provider
		}
		l.Items = append(l.Items, data.Content...)
		if len(data.Content) == 0 || len(l.Items) >= data.Total {
			return l, nil
		}
	}
}

// List is fs/list, every page of it: ListDir's entries.
func (s *Session) List(ctx context.Context, path string, opts ListOptions) ([]Object, error) {
	l, err := s.ListDir(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	return l.Items, nil
}

// Mkdir is fs/mkdir: creates the folder and its parents; an existing folder is fine.
func (s *Session) Mkdir(ctx context.Context, path string) error {
	return s.call(ctx, &request{
		op: "fs/mkdir", method: http.MethodPost, path: "/api/fs/mkdir",
		json: pathRequest{Path: path}, remotePath: path, idempotent: true,
	}, nil)
}

// Remove is fs/remove: deletes names in dir. Missing names count as success.
func (s *Session) Remove(ctx context.Context, dir string, names ...string) error {
	if len(names) == 0 {
		return errors.New("fs/remove: no names given")
	}
	return s.call(ctx, &request{
		op: "fs/remove", method: http.MethodPost, path: "/api/fs/remove", remotePath: dir, idempotent: true,
		json: struct {
			Dir   string   `json:"dir"`
			Names []string `json:"names"`
		}{dir, names},
	}, nil)
}

// removeBatch is how many names RemoveMany sends per fs/remove. The servers
// set no limit of their own, but they remove the names one after the
// other within the one request (a driver call each on remote storages), so
// an unbounded list makes one request as long as the whole deletion, and a
// body that a reverse proxy may refuse (nginx's default
// client_max_body_size is 1 MiB; 1,000 names stay well below it).
const removeBatch = 1000

// RemoveMany deletes names in dir with one fs/remove per removeBatch
// names, in order, stopping at the first failure (the names of earlier
// batches are then gone; sending the same call again is safe, missing
// names count as removed). No names is nothing to do.
func (s *Session) RemoveMany(ctx context.Context, dir string, names []string) error {
	for start := 0; start < len(names); start += removeBatch {
		batch := names[start:min(start+removeBatch, len(names))]
		if err := s.Remove(ctx, dir, batch...); err != nil {
			if len(names) > removeBatch {
				return fmt.Errorf("removing names %d to %d of %d: %w", start+1, start+len(batch), len(names), err)
			}
			return err
		}
	}
	return nil
}

// RemovePath deletes one object by its full path.
func (s *Session) RemovePath(ctx context.Context, path string) error {
	dir, name := SplitPath(path)
	return s.Remove(ctx, dir, name)
}

// Rename is fs/rename. Onto an existing name v3.38 replaces it silently while
// v3.62 and OpenList answer ErrAlreadyExists.
func (s *Session) Rename(ctx context.Context, path, newName string) error {
	return s.rename(ctx, path, newName, false)
}

// rename sends overwrite only when set: v3.38 has no such field (and
// replaces an existing file whatever is sent).
func (s *Session) rename(ctx context.Context, path, newName string, overwrite bool) error {
	return s.call(ctx, &request{
		op: "fs/rename", method: http.MethodPost, path: "/api/fs/rename", remotePath: path,
		json: struct {
			Path      string `json:"path"`
			Name      string `json:"name"`
			Overwrite bool   `json:"overwrite,omitempty"`
		}{path, newName, overwrite},
	}, nil)
}

// Refresh makes the server re-read dir from its storage (fs/list with
// refresh, first page only), so that fs/get stops serving a stale cache.
func (s *Session) Refresh(ctx context.Context, dir string) error {
	return s.call(ctx, &request{
		op: "fs/list", method: http.MethodPost, path: "/api/fs/list", remotePath: dir, idempotent: true,
		json: listRequest{Path: dir, Page: 1, PerPage: 1, Refresh: true},
	}, nil)
}

type transferRequest struct {
	SrcDir string   `json:"src_dir"`
	DstDir string   `json:"dst_dir"`
	Names  []string `json:"names"`
}

// Move is fs/move: moves names from srcDir into dstDir (which must exist).
func (s *Session) Move(ctx context.Context, srcDir, dstDir string, names ...string) error {
	return s.move(ctx, srcDir, dstDir, false, names...)
}

func (s *Session) move(ctx context.Context, srcDir, dstDir string, overwrite bool, names ...string) error {
	return s.call(ctx, &request{
		op: "fs/move", method: http.MethodPost, path: "/api/fs/move", remotePath: srcDir,
		json: struct {
			transferRequest
			Overwrite bool `json:"overwrite,omitempty"`
		}{transferRequest{srcDir, dstDir, names}, overwrite},
	}, nil)
}

// Relocate moves the object at from to the path to, on the same storage,
// in one or two calls whatever its size: fs/rename for a new name in the
// same folder, fs/move into another folder (which must exist), both for a
// new name in another folder. Nothing checks the destination first: onto
// an existing file AList v3.38 replaces it silently, v3.62 and OpenList
// answer ErrAlreadyExists unless overwrite. Between storages AList refuses
// (ErrServer) and OpenList queues move tasks that may never delete the
// source: callers must not ask for that.
//
// With both a new folder and a new name, the object passes through a
// second name: the old name in the new folder, else (when that one is
// taken) the new name in the old folder; when both are taken it refuses
// with ErrAlreadyExists, having changed nothing.
func (s *Session) Relocate(ctx context.Context, from, to string, overwrite bool) error {
	fromDir, fromName := SplitPath(from)
	toDir, toName := SplitPath(to)
	switch {
	case from == to:
		return nil
	case fromDir == toDir:
		return s.rename(ctx, from, toName, overwrite)
	case fromName == toName:
		return s.move(ctx, fromDir, toDir, overwrite, fromName)
	}
	free := func(p string) (bool, error) {
		_, err := s.Get(ctx, p, "")
		if errors.Is(err, ErrNotFound) {
			return true, nil
		}
		return false, err
	}
	if ok, err := free(path.Join(toDir, fromName)); err != nil {
		return err
	} else if ok {
		if err := s.move(ctx, fromDir, toDir, false, fromName); err != nil {
			return err
		}
		return s.relocated(s.rename(ctx, path.Join(toDir, fromName), toName, overwrite), path.Join(toDir, fromName))
	}
	if ok, err := free(path.Join(fromDir, toName)); err != nil {
		return err
	} else if !ok {
		return fmt.Errorf("moving %q to %q passes through %q or %q, and both exist: %w",
			from, to, path.Join(toDir, fromName), path.Join(fromDir, toName), ErrAlreadyExists)
	}
	if err := s.rename(ctx, from, toName, false); err != nil {
		return err
	}
	return s.relocated(s.move(ctx, fromDir, toDir, overwrite, toName), path.Join(fromDir, toName))
}

// relocated says where a two-step move left the object when its second
// step failed.
func (s *Session) relocated(err error, at string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w (the object is now at %q)", err, at)
}

// CopyResult is fs/copy's answer.
type CopyResult struct {
	// Tasks are the tasks the copy queued, one per name (a folder's task
	// queues one child task per entry, whose ids nobody is told), as they
	// were when queued; empty when the server copied at once. Their order
	// need not be the names'.
	Tasks []CopyTask
	// Message is OpenList's own note ("Successfully created 2 copy
	// task(s)", "Copy operations completed immediately"); AList sends none.
	Message string
}

// Copy is fs/copy: copies names from srcDir into dstDir, sending overwrite
// explicitly. Across storages (and on OpenList within one, unless the
// filesystem can reflink) the copy runs in tasks, and success only means
// they were queued: a missing source or a file in the way shows in the
// task. Within one storage AList copies at once, and then checks the
// source and the destination folder in the call.
//
// A name that exists at the destination: AList v3.38 ignores overwrite and
// always overwrites; v3.62 and OpenList refuse the whole call without it
// (ErrAlreadyExists, naming the first such name) and overwrite with it.
// The call is not retried after a transient failure: whether it queued
// anything is unknown then (Copier copies again).
func (s *Session) Copy(ctx context.Context, srcDir, dstDir string, overwrite bool, names ...string) (*CopyResult, error) {
	if len(names) == 0 {
		return nil, errors.New("fs/copy: no names given")
	}
	var out struct {
		Message string     `json:"message"`
		Tasks   []CopyTask `json:"tasks"` // OpenList leaves it out when nothing was queued
	}
	err := s.call(ctx, &request{
		op: "fs/copy", method: http.MethodPost, path: "/api/fs/copy", remotePath: srcDir,
		json: struct {
			transferRequest
			Overwrite bool `json:"overwrite"`
		}{transferRequest{srcDir, dstDir, names}, overwrite},
	}, &out)
	if err != nil {
		return nil, err
	}
	return &CopyResult{Tasks: out.Tasks, Message: out.Message}, nil
}

// DirEntry is one entry of fs/dirs.
type DirEntry struct {
	Name     string    `json:"name"`
	Modified time.Time `json:"modified"`
}

// Dirs is fs/dirs: the sub-folders of path.
func (s *Session) Dirs(ctx context.Context, path string) ([]DirEntry, error) {
	var out []DirEntry
	err := s.call(ctx, &request{
		op: "fs/dirs", method: http.MethodPost, path: "/api/fs/dirs", remotePath: path, idempotent: true,
		json: pathRequest{Path: path},
	}, &out)
	return out, err
}
