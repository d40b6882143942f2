package alist

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ServerInfo is what /api/public/settings says about the server.
type ServerInfo struct {
	Version string // e.g. "v3.38.0", "v4.2.5 (Commit: …)"
}

// IsOpenList reports whether the server is the OpenList fork (v4 and later).
func (i ServerInfo) IsOpenList() bool {
	return strings.HasPrefix(strings.TrimPrefix(i.Version, "v"), "4")
}

// HonoursOverwrite reports whether the server refuses an upload over an
// existing file when asked (Overwrite: false): AList from v3.62 on and
// OpenList do; earlier v3 servers ignore the header and overwrite.
func (i ServerInfo) HonoursOverwrite() bool {
	if i.IsOpenList() {
		return true
	}
	var major, minor int
	if _, err := fmt.Sscanf(strings.TrimPrefix(i.Version, "v"), "%d.%d", &major, &minor); err != nil {
		return false
	}
	return major > 3 || major == 3 && minor >= 62
}

// Info is ServerVersion, asked once per session: the version does not change
// under a running provider.
func (s *Session) Info(ctx context.Context) (ServerInfo, error) {
	s.mu.Lock()
	info := s.info
	s.mu.Unlock()
	if info != nil {
		return *info, nil
	}
	got, err := s.ServerVersion(ctx)
	if err != nil {
		return got, err
	}
	s.mu.Lock()
	s.info = &got
	s.mu.Unlock()
	return got, nil
}

// ServerVersion is GET /api/public/settings; it needs no login.
func (s *Session) ServerVersion(ctx context.Context) (ServerInfo, error) {
	var data struct {
		Version string `json:"version"`
	}
	err := s.send(ctx, &request{op: "public/settings", method: http.MethodGet, path: "/api/public/settings", idempotent: true}, "", &data)
	return ServerInfo{Version: data.Version}, err
}

// Task is an upload task (As-Task uploads).
type Task struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	State     int        `json:"state"`
	Status    string     `json:"status"`
	Progress  float64    `json:"progress"`
	Error     string     `json:"error"`
	StartTime *time.Time `json:"start_time"`
	EndTime   *time.Time `json:"end_time"`
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

// Done reports whether the task will not change any more.
func (t *Task) Done() bool {
	return t.State == TaskSucceeded || t.State == TaskCanceled || t.State == TaskFailed
}

// UploadTask looks an upload task up (admins only: others get ErrPermissionDenied).
func (s *Session) UploadTask(ctx context.Context, id string) (*Task, error) {
	var t Task
	err := s.call(ctx, &request{
		op: "admin/task/upload/info", method: http.MethodPost, path: "/api/admin/task/upload/info",
		query: url.Values{"tid": {id}}, idempotent: true,
	}, &t)
	if err != nil {
		return nil, err
	}
	return &t, nil
}
