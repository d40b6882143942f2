package alist

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// Task is a background task of the server (an As-Task upload, a copy) as
// its task routes describe it. Status is free text that the servers do not
// reset when a task ends, and Progress stays 0 for a small file even once it
// has succeeded: only State tells how a task ended.
type Task struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	State    int     `json:"state"`
	Status   string  `json:"status"`
	Progress float64 `json:"progress"` // 0 to 100
	Error    string  `json:"error"`
	// AList v3.62 and OpenList only: the account that made it, its times
	// (null until it runs, reset by every retry) and the source's size.
	Creator    string     `json:"creator"`
	StartTime  *time.Time `json:"start_time"`
	EndTime    *time.Time `json:"end_time"`
	TotalBytes int64      `json:"total_bytes"`
}

// Task states as AList numbers them.
const (
	TaskPending = iota
	TaskRunning
	TaskSucceeded
	TaskCanceling
	TaskCanceled
	TaskErrored
	TaskFailing
	TaskFailed
	TaskWaitingRetry
	TaskBeforeRetry
)

// Done reports whether the task will not change any more (unless someone
// retries it).
func (t *Task) Done() bool {
	return t.State == TaskSucceeded || t.State == TaskCanceled || t.State == TaskFailed
}

// CopyTask is a copy task, with the paths its name gives.
type CopyTask struct {
	Task
	// Verb is the name's first word: "copy", or on OpenList "merge" (a
	// folder copied into an existing one) or "move".
	Verb string
	// Src is the source object's full path and DstDir the folder it is
	// copied into, as the server sees them (below any base path of the
	// account). Both are "" when the name does not have the usual shape.
	Src, DstDir string
}

func (t *CopyTask) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &t.Task); err != nil {
		return err
	}
	t.Verb, t.Src, t.DstDir, _ = ParseTaskName(t.Name)
	return nil
}

// ParseTaskName reads a transfer task's name, "copy [<source mount>](<path
// inside it>) to [<destination mount>](<folder inside it>)" on every server
// line, into the verb and the two full paths. A name holding "](" or ") to
// [" in a mount path can be read more than one way: this takes the first
// split; taskNameIs matches such names exactly.
func ParseTaskName(name string) (verb, src, dstDir string, ok bool) {
	verb, rest, found := strings.Cut(name, " [")
	if !found || !strings.HasSuffix(rest, ")") {
		return "", "", "", false
	}
	rest = strings.TrimSuffix(rest, ")")
	for i := 0; ; {
		j := strings.Index(rest[i:], ") to [")
		if j < 0 {
			return "", "", "", false
		}
		left, right := rest[:i+j], rest[i+j+len(") to ["):]
		m1, in1, ok1 := strings.Cut(left, "](")
		m2, in2, ok2 := strings.Cut(right, "](")
		if ok1 && ok2 {
			return verb, path.Join(m1, in1), path.Join(m2, in2), true
		}
		i += j + 1
	}
}

// taskNameIs reports whether name is the name the servers give the task
// that copies src into dstDir, whatever the mount points: it tries every
// split of each path into a mount and a path inside it.
func taskNameIs(name, verb, src, dstDir string) bool {
	prefix := verb + " ["
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	for _, s := range mountSplits(src) {
		head := prefix + s + ") to ["
		if !strings.HasPrefix(name, head) {
			continue
		}
		for _, d := range mountSplits(dstDir) {
			if name == head+d+")" {
				return true
			}
		}
	}
	return false
}

// mountSplits lists "<mount>](<path inside>" for every mount point p may
// lie in: "/" and each leading run of p's segments. The path inside a mount
// is "/" at the mount itself.
func mountSplits(p string) []string {
	out := []string{"/](" + p}
	for i := 1; i <= len(p); i++ {
		if i == len(p) || p[i] == '/' {
			inner := p[i:]
			if inner == "" {
				inner = "/"
			}
			out = append(out, p[:i]+"]("+inner)
		}
	}
	return out
}

// UserTaskRoutes reports whether every non-guest account reaches its own
// tasks on /api/task/<type>/… (an admin sees everyone's there): AList v3.62
// and OpenList. Earlier AList servers are taken to have only
// /api/admin/task/…, admins only, as v3.38 does; a non-admin there cannot
// see any task, not even the ones his copies started.
func (i ServerInfo) UserTaskRoutes() bool { return i.IsOpenList() || i.aListAtLeast(62) }

// taskCall is one call of a task route: GET for the lists, POST with the
// task id in the query for the others. admin forces the admin prefix.
func (s *Session) taskCall(ctx context.Context, typ, action, tid string, admin, idempotent bool, out any) error {
	prefix := "admin/task/"
	if !admin {
		info, err := s.Info(ctx)
		if err != nil {
			return err
		}
		if info.UserTaskRoutes() {
			prefix = "task/"
		}
	}
	r := &request{op: prefix + typ + "/" + action, method: http.MethodPost, path: "/api/" + prefix + typ + "/" + action, idempotent: idempotent}
	if action == "done" || action == "undone" {
		r.method = http.MethodGet
	} else {
		r.query = url.Values{"tid": {tid}}
		r.remotePath = tid
	}
	return s.call(ctx, r, out)
}

// UploadTask looks an upload task up (admins only: others get ErrPermissionDenied).
func (s *Session) UploadTask(ctx context.Context, id string) (*Task, error) {
	var t Task
	if err := s.taskCall(ctx, "upload", "info", id, true, true, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// CopyTasks lists the copy tasks that have ended (done: succeeded,
// canceled, failed) or not (pending, running, canceling, retrying), in
// no particular order: the servers answer in a random one. A non-admin sees
// only his own tasks; on AList before v3.62 he sees none
// (ErrPermissionDenied). Tasks stay listed until deleted or cleared;
// AList v3.62 and OpenList forget them all when they restart.
func (s *Session) CopyTasks(ctx context.Context, done bool) ([]CopyTask, error) {
	action := "undone"
	if done {
		action = "done"
	}
	var out []CopyTask
	err := s.taskCall(ctx, "copy", action, "", false, true, &out)
	return out, err
}

// CopyTask looks a copy task up. A task the server does not know, or
// another account's, is ErrNotFound.
func (s *Session) CopyTask(ctx context.Context, id string) (*CopyTask, error) {
	var t CopyTask
	if err := s.taskCall(ctx, "copy", "info", id, false, true, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// CancelCopyTask cancels a copy task. It is not final: a running task then
// ends as failed ("context canceled") on AList, which retry_failed picks
// up again, and a task that had already succeeded stays "canceling" for
// ever on AList (OpenList ignores it). Unknown ids are ErrNotFound on
// AList v3.62 and OpenList and pass on v3.38.
func (s *Session) CancelCopyTask(ctx context.Context, id string) error {
	return s.taskCall(ctx, "copy", "cancel", id, false, false, nil)
}

// DeleteCopyTask removes a copy task from the lists (canceling it first if
// it still runs). An unknown id is no error.
func (s *Session) DeleteCopyTask(ctx context.Context, id string) error {
	err := s.taskCall(ctx, "copy", "delete", id, false, true, nil)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// RetryCopyTask runs a copy task again, whatever its state: a task that
// succeeded copies again. Unknown ids as for CancelCopyTask.
func (s *Session) RetryCopyTask(ctx context.Context, id string) error {
	return s.taskCall(ctx, "copy", "retry", id, false, false, nil)
}
