package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startRun runs the command in the background with -url-file added and
// returns the server's URL, the output and a function that stops it and
// returns run's error.
func startRun(t *testing.T, args ...string) (string, *syncBuffer, func() error) {
	t.Helper()
	urlFile := filepath.Join(t.TempDir(), "url")
	stop := make(chan os.Signal, 1)
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(append(args, "-url-file", urlFile), out, stop)
	}()
	var url string
	for i := 0; i < 200 && url == ""; i++ {
		b, _ := os.ReadFile(urlFile)
		url = strings.TrimSpace(string(b))
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("url file: %q", url)
	}
	return url, out, func() error {
		stop <- syscall.SIGTERM
		return <-done
	}
}

// get answers the body and Content-Type of a GET.
func get(t *testing.T, url string) (string, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b), res.Header.Get("Content-Type")
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	url, out, stopRun := startRun(t, "-flavor", "openlist", "-dir", filepath.Join(dir, "data"))
	if b, _ := get(t, url+"/api/public/settings"); !strings.Contains(b, `"version":"v4.2.5 (Commit: 0000000)"`) {
		t.Fatalf("settings: %s", b)
	}
	if !strings.Contains(out.String(), "alisttest: listening on "+url+" (flavor openlist-v4") {
		t.Fatalf("output: %q", out.String())
	}
	if err := stopRun(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "local")); err != nil {
		t.Fatalf("the -dir is kept: %v", err)
	}
	if err := run([]string{"-flavor", "nginx"}, io.Discard, make(chan os.Signal)); err == nil {
		t.Fatal("bad flavor accepted")
	}
}

// TestRunVersion: -version changes what the settings report, not the
// dialect, which a client then finds by probing (the role routes exist on
// v3.62 only).
func TestRunVersion(t *testing.T) {
	url, _, stopRun := startRun(t, "-flavor", "v3.62", "-version", "dev")
	if b, _ := get(t, url+"/api/public/settings"); !strings.Contains(b, `"version":"dev"`) {
		t.Fatalf("settings: %s", b)
	}
	if b, ct := get(t, url+"/api/admin/role/list"); !strings.HasPrefix(ct, "application/json") ||
		!strings.Contains(b, `"code":401,"message":"Guest user is disabled, login please"`) {
		t.Fatalf("v3.62 role/list without a token: %s %s", ct, b)
	}
	if err := stopRun(); err != nil {
		t.Fatal(err)
	}
}

// -caching-storage mounts a storage whose listings the server caches, for
// the external acceptance run's caching tests.
func TestRunCachingStorage(t *testing.T) {
	url, _, stopRun := startRun(t, "-caching-storage", "/cached")
	s, err := alist.NewSession(alist.Config{URL: url, Username: alisttest.DefaultAdminUsername, Password: alisttest.DefaultAdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	obj, err := s.Get(context.Background(), "/cached", "")
	if err != nil || !alist.StorageCaches(obj.Provider) {
		t.Errorf("/cached: %+v, %v; want a caching storage", obj, err)
	}
	if err := stopRun(); err != nil {
		t.Fatal(err)
	}
}

// /local hides dot files from listings by default, as a real Local storage
// made through the API with only root_folder_path does; -show-hidden lists
// them. fs/get finds them either way.
func TestRunShowHidden(t *testing.T) {
	for _, show := range []bool{false, true} {
		args := []string{}
		if show {
			args = append(args, "-show-hidden")
		}
		url, _, stopRun := startRun(t, args...)
		s, err := alist.NewSession(alist.Config{URL: url, Username: alisttest.DefaultAdminUsername, Password: alisttest.DefaultAdminPassword})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if _, err := s.Put(ctx, alist.PutRequest{Path: "/local/.env", Size: 2, Open: alist.BytesBody([]byte("A\n"))}); err != nil {
			t.Fatal(err)
		}
		items, err := s.List(ctx, "/local", alist.ListOptions{})
		if err != nil || len(items) != map[bool]int{false: 0, true: 1}[show] {
			t.Errorf("-show-hidden=%v: /local lists %+v, %v", show, items, err)
		}
		if obj, err := s.Get(ctx, "/local/.env", ""); err != nil || obj.Size != 2 {
			t.Errorf("-show-hidden=%v: fs/get: %+v, %v", show, obj, err)
		}
		if err := stopRun(); err != nil {
			t.Fatal(err)
		}
	}
}

// -storage mounts more Local storages, for copies between storages.
func TestRunExtraStorage(t *testing.T) {
	url, _, stopRun := startRun(t, "-storage", "/local2", "-storage", "/local3")
	s, err := alist.NewSession(alist.Config{URL: url, Username: alisttest.DefaultAdminUsername, Password: alisttest.DefaultAdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/local", "/local2", "/local3"} {
		if obj, err := s.Get(context.Background(), p, ""); err != nil || obj.Provider != alisttest.DriverLocal {
			t.Errorf("%s: %+v, %v", p, obj, err)
		}
	}
	if err := stopRun(); err != nil {
		t.Fatal(err)
	}
}

// The share routes are the server's: an OpenList share made through the
// API downloads through /sd without login.
func TestRunShares(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "local"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "local", "f.txt"), []byte("share-me"), 0o644); err != nil {
		t.Fatal(err)
	}
	url, _, stopRun := startRun(t, "-flavor", "openlist", "-dir", dir)
	post := func(p, token, body string) string {
		req, _ := http.NewRequest(http.MethodPost, url+p, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	var login struct{ Data struct{ Token string } }
	_ = json.Unmarshal([]byte(post("/api/auth/login", "", `{"username":"admin","password":"admin-pass-123"}`)), &login)
	var created struct{ Data struct{ ID string } }
	b := post("/api/share/create", login.Data.Token, `{"files":["/local/f.txt"],"pwd":"pw"}`)
	if err := json.Unmarshal([]byte(b), &created); err != nil || created.Data.ID == "" {
		t.Fatalf("create: %s", b)
	}
	if body, _ := get(t, url+"/sd/"+created.Data.ID+"?pwd=pw"); body != "share-me" {
		t.Errorf("/sd: %q", body)
	}
	if err := stopRun(); err != nil {
		t.Fatal(err)
	}
}
