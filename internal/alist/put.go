package alist

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"
)

// PutRequest is one fs/put upload.
type PutRequest struct {
	Path string // full remote path of the file
	Size int64  // exact byte count: always sent as Content-Length
	// Open returns the content from its start. It is called once per attempt,
	// so a retried upload re-reads from the beginning (re-open the file,
	// reset any hash being computed while streaming).
	Open func() (io.ReadCloser, error)

	ContentType       string
	AsTask            bool      // queue as a server task; Put returns the task
	Overwrite         *bool     // nil: server default (overwrite); false: refuse an existing file (v3.62, OpenList)
	LastModified      time.Time // applied as the file's mtime by Local storage
	Password          string    // a protected folder's password
	MD5, SHA1, SHA256 string    // hash hints for drivers that use them (hex)
}

// Put uploads with fs/put, streaming from req.Open. It returns the task when
// AsTask is set (nil otherwise).
func (s *Session) Put(ctx context.Context, req PutRequest) (*Task, error) {
	if req.Open == nil {
		return nil, errors.New("fs/put: no content")
	}
	if req.Size < 0 {
		return nil, errors.New("fs/put: the size must be known")
	}
	h := http.Header{}
	h.Set("File-Path", EscapePath(req.Path))
	if req.ContentType != "" {
		h.Set("Content-Type", req.ContentType)
	}
	if req.AsTask {
		h.Set("As-Task", "true")
	}
	if req.Overwrite != nil {
		h.Set("Overwrite", strconv.FormatBool(*req.Overwrite))
	}
	if !req.LastModified.IsZero() {
		h.Set("Last-Modified", strconv.FormatInt(req.LastModified.UnixMilli(), 10))
	}
	setIf(h, "Password", req.Password)
	setIf(h, "X-File-Md5", req.MD5)
	setIf(h, "X-File-Sha1", req.SHA1)
	setIf(h, "X-File-Sha256", req.SHA256)

	var data struct {
		Task *Task `json:"task"`
	}
	err := s.call(ctx, &request{
		op: "fs/put", method: http.MethodPut, path: "/api/fs/put", remotePath: req.Path,
		header: h, body: req.Open, size: req.Size,
		// A put of the whole content to one path is idempotent: a retry
		// re-sends everything and overwrites. A refused overwrite is not
		// transient, so it is never retried either way.
		idempotent: true, noTimeout: true,
	}, &data)
	return data.Task, err
}

func setIf(h http.Header, k, v string) {
	if v != "" {
		h.Set(k, v)
	}
}

// BytesBody is an Open function for in-memory content.
func BytesBody(b []byte) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
}
