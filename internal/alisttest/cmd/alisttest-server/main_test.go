package main

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
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

func TestRun(t *testing.T) {
	dir := t.TempDir()
	urlFile := filepath.Join(dir, "url")
	stop := make(chan os.Signal, 1)
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"-flavor", "openlist", "-dir", filepath.Join(dir, "data"), "-url-file", urlFile}, &out, stop)
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
	res, err := http.Get(url + "/api/public/settings")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), `"version":"v4.2.5 (Commit: 0000000)"`) {
		t.Fatalf("settings: %s", b)
	}
	if !strings.Contains(out.String(), "alisttest: listening on "+url+" (flavor openlist-v4") {
		t.Fatalf("output: %q", out.String())
	}
	stop <- syscall.SIGTERM
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "local")); err != nil {
		t.Fatalf("the -dir is kept: %v", err)
	}
	if err := run([]string{"-flavor", "nginx"}, io.Discard, stop); err == nil {
		t.Fatal("bad flavor accepted")
	}
}
