package alisttest

import (
	"crypto/sha256"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// rawPut uploads without failing the test on transport errors.
func rawPut(s *Server, token, p string, body io.Reader, size int64) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPut, s.URL+"/api/fs/put", body)
	if err != nil {
		return nil, err
	}
	req.ContentLength = size
	req.Header.Set("Authorization", token)
	req.Header.Set("File-Path", escapePath(p))
	res, err := http.DefaultClient.Do(req)
	if err == nil {
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	return res, err
}

func TestFaults(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		s.ResetCounts()

		s.FailNext(1, FaultHTTP502)
		s.FailNext(1, FaultHTTP503)
		r := c.get("/api/me")
		if r.status != 502 || !strings.Contains(string(r.raw), "502 Bad Gateway") {
			t.Fatalf("want 502, got %d %s", r.status, r.raw)
		}
		if r := c.get("/api/me"); r.status != 503 {
			t.Fatalf("want 503, got %d", r.status)
		}
		c.get("/api/me").ok(t)
		if s.Count("/api/me") != 3 {
			t.Fatalf("Count = %d", s.Count("/api/me"))
		}

		// Route faults leave other routes alone.
		s.FailNextOn("/api/fs/put", 1, FaultDrop)
		c.fsGet("/local").ok(t)
		if _, err := rawPut(s, c.token, "/local/x.txt", strings.NewReader("x"), 1); err == nil {
			t.Fatal("dropped put did not fail")
		}
		c.put("/local/x.txt", "x").ok(t)

		// Dropped in the middle of the body: nothing is stored.
		s.FailNextOn("/api/fs/put", 1, FaultDropMidBody)
		body := strings.Repeat("y", 1<<20)
		if _, err := rawPut(s, c.token, "/local/mid.txt", strings.NewReader(body), int64(len(body))); err == nil {
			t.Fatal("mid-body drop did not fail")
		}
		if s.Exists("/local/mid.txt") {
			t.Fatal("partial upload stored")
		}
		if res, err := rawPut(s, c.token, "/local/mid.txt", strings.NewReader(body), int64(len(body))); err != nil || res.StatusCode != 200 {
			t.Fatalf("retry: %v", err)
		}
		if fi, err := s.Stat("/local/mid.txt"); err != nil || fi.Size() != 1<<20 {
			t.Fatalf("retried upload: %v", err)
		}

		s.FailNext(1, FaultHTTP500)
		if r := c.fsGet("/local/x.txt"); r.status != 500 || r.ctype != "text/html" {
			t.Fatalf("want HTTP 500, got %d", r.status)
		}

		s.FailRate(1, FaultHTTP503)
		for i := 0; i < 3; i++ {
			if r := c.get("/api/me"); r.status != 503 {
				t.Fatalf("rate 1: %d", r.status)
			}
		}
		s.FailRate(0.5, FaultHTTP503)
		failed := 0
		for i := 0; i < 40; i++ {
			if r := c.get("/api/me"); r.status == 503 {
				failed++
			}
		}
		if failed < 5 || failed > 35 {
			t.Fatalf("rate 0.5 failed %d of 40", failed)
		}
		s.FailRate(0, 0)
		c.get("/api/me").ok(t)

		s.SetLatency(80 * time.Millisecond)
		start := time.Now()
		c.get("/api/me").ok(t)
		if d := time.Since(start); d < 80*time.Millisecond {
			t.Fatalf("latency %v", d)
		}
		s.SetLatency(0)
		s.ResetCounts()
		if s.Count("/api/me") != 0 || s.Logins() != 0 {
			t.Fatal("ResetCounts")
		}
	})
}

// genReader yields size bytes of a repeating pattern without allocating.
type genReader struct{ left int64 }

func (g *genReader) Read(p []byte) (int, error) {
	if g.left <= 0 {
		return 0, io.EOF
	}
	n := int64(len(p))
	if n > g.left {
		n = g.left
	}
	for i := range p[:n] {
		p[i] = byte(i % 251)
	}
	g.left -= n
	return int(n), nil
}

// TestLargeUploadStreams uploads 64 MiB and checks the heap never grows by
// anything near that: the body goes to disk as it arrives. It does not run
// in parallel: the heap is the whole process's.
func TestLargeUploadStreams(t *testing.T) {
	const size = 64 << 20
	s := NewServer(t, Options{Flavor: OpenListV4})
	c := adminClient(t, s)

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	res, err := rawPut(s, c.token, "/local/big.bin", &genReader{left: size}, size)
	close(stop)
	<-sampled
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("upload: %v", err)
	}
	if grew := int64(peak.Load()) - int64(base); grew > 24<<20 {
		t.Fatalf("heap grew by %d MiB during a 64 MiB upload", grew>>20)
	}

	f, err := os.Open(s.DiskPath("/local/big.bin"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, want := sha256.New(), sha256.New()
	n, _ := io.Copy(got, f)
	_, _ = io.Copy(want, &genReader{left: size})
	if n != size || string(got.Sum(nil)) != string(want.Sum(nil)) {
		t.Fatalf("stored %d bytes, content differs: %v", n, string(got.Sum(nil)) != string(want.Sum(nil)))
	}
	if g := c.fsGet("/local/big.bin").ok(t).obj(t); g["size"] != float64(size) {
		t.Fatalf("size %v", g["size"])
	}
}

func TestHookAndFailRateOn(t *testing.T) {
	s := NewServer(t, Options{})
	c := adminClient(t, s)
	// Hook runs before the nth request to a route, once.
	var ran atomic.Int32
	s.Hook("/api/fs/get", 2, func() { ran.Add(1); s.ForgetTokens() })
	c.fsGet("/local").ok(t)
	if ran.Load() != 0 {
		t.Fatal("hook ran early")
	}
	c.fsGet("/local").is(t, 401, "token is invalidated")
	c.login("admin", "admin-pass-123").ok(t)
	c.fsGet("/local").ok(t)
	if ran.Load() != 1 {
		t.Fatalf("hook ran %d times", ran.Load())
	}
	// FailRateOn spares other paths.
	s.FailRateOn("/api/fs/", 1, FaultHTTP503)
	if r := c.fsGet("/local"); r.status != 503 {
		t.Fatalf("fs/get: %d", r.status)
	}
	c.login("admin", "admin-pass-123").ok(t)
	c.get("/api/me").ok(t)
	s.FailRate(0, 0)
	c.fsGet("/local").ok(t)
}
