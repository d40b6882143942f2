package alist_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

const (
	closingAnswers = 2 // "database is closed" answers per path
	loadingAnswers = 3 // then "Loading storage" answers per path
)

func ridingOut(url, password string) alist.Config {
	return alist.Config{URL: url, Username: "admin", Password: password,
		MaxRetries: closingAnswers + loadingAnswers, RetryMaxWait: 5 * time.Millisecond, RequestTimeout: 10 * time.Second}
}

func countLogins(verdicts []string, want string) int {
	n := 0
	for _, v := range verdicts {
		if v == want {
			n++
		}
	}
	return n
}

// A restart under way: every path first answers "database is closed", then
// "Loading storage", then the server has forgotten the session's token. Get,
// List and Put, at once, ride it out with one shared re-login, which rides out
// its own window too; the upload is re-sent whole at each attempt.
func TestRidesOutRestart(t *testing.T) {
	f := newFake(t, "v3.38.0")
	f.put("/local/a.txt", []byte("a"))
	s := session(t, ridingOut(f.URL, adminPass))
	ctx := context.Background()
	if err := s.Login(ctx); err != nil {
		t.Fatal(err)
	}
	f.restart(closingAnswers, loadingAnswers)

	data := bytes.Repeat([]byte("restart "), 1000)
	var opens atomic.Int32
	var wg sync.WaitGroup
	wg.Go(func() {
		if o, err := s.Get(ctx, "/local/a.txt", ""); err != nil || o.Size != 1 {
			t.Errorf("get: %+v %v", o, err)
		}
	})
	wg.Go(func() {
		if l, err := s.List(ctx, "/local", alist.ListOptions{}); err != nil || len(l) == 0 {
			t.Errorf("list: %v %v", l, err)
		}
	})
	wg.Go(func() {
		_, err := s.Put(ctx, alist.PutRequest{Path: "/local/up.bin", Size: int64(len(data)), Open: func() (io.ReadCloser, error) {
			opens.Add(1)
			return alist.BytesBody(data)()
		}})
		if err != nil {
			t.Errorf("put: %v", err)
		}
	})
	wg.Wait()

	window := closingAnswers + loadingAnswers
	for _, p := range []string{"/api/fs/get", "/api/fs/list", "/api/fs/put"} {
		// before: none; then the window, the stale token's 401, the success
		if n := f.count(p); n != window+2 {
			t.Errorf("%s: %d requests, want %d", p, n, window+2)
		}
	}
	if n := int(opens.Load()); n != f.count("/api/fs/put") {
		t.Errorf("the upload was opened %d times for %d attempts", n, f.count("/api/fs/put"))
	}
	if got := f.file("/local/up.bin"); !bytes.Equal(got, data) {
		t.Errorf("stored %d bytes, want %d", len(got), len(data))
	}
	if n := countLogins(f.judged(), "admin:ok"); n != 2 {
		t.Errorf("%d successful logins, want the first and one re-login", n)
	}
	if n := f.count("/api/auth/login/hash"); n != 1+window+1 {
		t.Errorf("%d login requests, want 1, then the window, then 1", n)
	}
	if s.LoginCount() != 2 {
		t.Errorf("LoginCount %d, want 2", s.LoginCount())
	}
}

// A wrong password sent during a restart is sent again through the window,
// which judges nothing, and once only to the server that judges it.
func TestWrongPasswordDuringRestart(t *testing.T) {
	f := newFake(t, "v3.38.0")
	s := session(t, ridingOut(f.URL, "wrong"))
	f.restart(closingAnswers, loadingAnswers)
	for i := range 3 {
		err := s.Login(context.Background())
		var le *alist.LoginError
		if !errors.As(err, &le) || !errors.Is(err, alist.ErrInvalidCredentials) {
			t.Fatalf("login %d: %v", i, err)
		}
	}
	if n := f.count("/api/auth/login/hash"); n != closingAnswers+loadingAnswers+1 {
		t.Errorf("%d login requests, want the window and 1", n)
	}
	if v := f.judged(); len(v) != 1 || v[0] != "admin:rejected" {
		t.Errorf("judged logins: %v", v)
	}
}

// Without retries, each login that meets the window fails as such and is not
// remembered; the first one the server judges is, and is the last sent.
func TestLoginWindowNotRemembered(t *testing.T) {
	f := newFake(t, "v3.38.0")
	cfg := ridingOut(f.URL, "wrong")
	cfg.MaxRetries = 0
	s := session(t, cfg)
	f.restart(closingAnswers, loadingAnswers)
	for i := range closingAnswers + loadingAnswers {
		err := s.Login(context.Background())
		var le *alist.LoginError
		if !errors.Is(err, alist.ErrServerUnavailable) || errors.As(err, &le) {
			t.Fatalf("login %d in the window: %v", i, err)
		}
		want := "Loading storage, please wait"
		if i < closingAnswers {
			want = "failed find user: sql: database is closed"
		}
		var ae *alist.APIError
		if !errors.As(err, &ae) || ae.Message != want || !strings.Contains(err.Error(), want) {
			t.Errorf("login %d: %v, want the server's %q", i, err, want)
		}
	}
	for range 2 {
		if err := s.Login(context.Background()); !errors.Is(err, alist.ErrInvalidCredentials) {
			t.Fatalf("after the window: %v", err)
		}
	}
	if n := f.count("/api/auth/login/hash"); n != closingAnswers+loadingAnswers+1 {
		t.Errorf("%d login requests", n)
	}
}

// Retries spent: the error says the server was unavailable and keeps its words.
func TestUnavailableAfterRetries(t *testing.T) {
	f := newFake(t, "v3.38.0")
	f.put("/local/a.txt", []byte("a"))
	cfg := ridingOut(f.URL, adminPass)
	cfg.MaxRetries = 2
	s := session(t, cfg)
	if err := s.Login(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.restart(0, 10)
	_, err := s.Get(context.Background(), "/local/a.txt", "")
	var ae *alist.APIError
	if !errors.Is(err, alist.ErrServerUnavailable) || !errors.As(err, &ae) || ae.Message != "Loading storage, please wait" ||
		!strings.Contains(err.Error(), "gave up after 2 retries") {
		t.Errorf("got %v", err)
	}
	if n := f.count("/api/fs/get"); n != 3 {
		t.Errorf("%d attempts, want 1 + 2 retries", n)
	}
}

// A login is sent again after a refused connection (nothing reached the
// server), never after a 502 (a proxy may say so once the server judged it).
func TestLoginRetries(t *testing.T) {
	f := newFake(t, "v3.38.0")
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := closed.Addr().String()
	closed.Close()
	var dials atomic.Int32
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) <= 2 {
			addr = refused
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	cfg := ridingOut(f.URL, adminPass)
	cfg.HTTPClient = &http.Client{Transport: tr}
	s := session(t, cfg)
	if err := s.Login(context.Background()); err != nil {
		t.Fatalf("login after 2 refused connections: %v", err)
	}
	if n := f.count("/api/auth/login/hash"); n != 1 || dials.Load() != 3 {
		t.Errorf("%d logins received over %d dials", n, dials.Load())
	}

	f2 := newFake(t, "v3.38.0")
	f2.httpFail["/api/auth/login/hash"] = []int{502}
	s2 := session(t, ridingOut(f2.URL, adminPass))
	if err := s2.Login(context.Background()); err == nil || !strings.Contains(err.Error(), "502") {
		t.Fatalf("login through a 502: %v", err)
	}
	if n := f2.count("/api/auth/login/hash"); n != 1 {
		t.Errorf("%d login attempts through a 502, want 1", n)
	}
	if err := s2.Login(context.Background()); err != nil { // not remembered
		t.Fatal(err)
	}
}
