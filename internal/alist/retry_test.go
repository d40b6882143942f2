package alist_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

func retrying(srv *alisttest.Server) alist.Config {
	c := admin(srv)
	c.MaxRetries, c.RetryMaxWait = 4, 50*time.Millisecond
	return c
}

// Transient failures of idempotent calls are retried; the upload re-reads its
// content from the start each time.
func TestRetriesTransientFailures(t *testing.T) {
	for _, fault := range []alisttest.Fault{alisttest.FaultHTTP500, alisttest.FaultHTTP502, alisttest.FaultHTTP503, alisttest.FaultDrop} {
		srv := alisttest.NewServer(t, alisttest.Options{})
		s := session(t, retrying(srv))
		ctx := context.Background()
		if err := s.Login(ctx); err != nil {
			t.Fatal(err)
		}
		srv.FailNextOn("/api/fs/get", 2, fault)
		if _, err := s.Get(ctx, "/local", ""); err != nil {
			t.Errorf("fault %v: get: %v", fault, err)
		}
		opens := 0
		srv.FailNextOn("/api/fs/put", 2, fault)
		_, err := s.Put(ctx, alist.PutRequest{Path: "/local/r.txt", Size: 5, Open: func() (io.ReadCloser, error) {
			opens++
			return alist.BytesBody([]byte("hello"))()
		}})
		if err != nil || opens != 3 {
			t.Errorf("fault %v: put: %v after %d opens", fault, err, opens)
		}
		if got, _ := srv.ReadFile("/local/r.txt"); string(got) != "hello" {
			t.Errorf("fault %v: stored %q", fault, got)
		}
	}
}

// A connection dropped in the middle of an upload: retried from the start.
func TestRetriesDropMidUpload(t *testing.T) {
	srv := alisttest.NewServer(t, alisttest.Options{})
	s := session(t, retrying(srv))
	data := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	srv.FailNextOn("/api/fs/put", 1, alisttest.FaultDropMidBody)
	mustPut(t, s, "/local/mid.bin", data)
	if got, _ := srv.ReadFile("/local/mid.bin"); !bytes.Equal(got, data) {
		t.Errorf("stored %d bytes, want %d", len(got), len(data))
	}
}

// Never retried: logins, answers the server gave on purpose, exhausted retries.
func TestNoRetry(t *testing.T) {
	srv := alisttest.NewServer(t, alisttest.Options{})
	ctx := context.Background()
	s := session(t, retrying(srv))
	srv.FailNextOn("/api/auth/login/hash", 1, alisttest.FaultHTTP502)
	if err := s.Login(ctx); err == nil {
		t.Fatal("login through a 502 succeeded")
	}
	if srv.Logins() != 1 {
		t.Errorf("%d login attempts, want 1", srv.Logins())
	}
	if err := s.Login(ctx); err != nil { // a transient failure is not remembered
		t.Fatalf("second login: %v", err)
	}
	before := srv.Count("/api/fs/get")
	if _, err := s.Get(ctx, "/local/missing", ""); !errors.Is(err, alist.ErrNotFound) {
		t.Fatal(err)
	}
	if n := srv.Count("/api/fs/get") - before; n != 1 {
		t.Errorf("a not-found was sent %d times", n)
	}
	srv.FailNextOn("/api/fs/get", 10, alisttest.FaultHTTP503)
	before = srv.Count("/api/fs/get")
	if _, err := s.Get(ctx, "/local", ""); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("exhausted retries: %v", err)
	}
	if n := srv.Count("/api/fs/get") - before; n != 5 {
		t.Errorf("%d attempts, want 1 + 4 retries", n)
	}
}
