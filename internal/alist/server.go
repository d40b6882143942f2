package alist

import (
	"context"
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
