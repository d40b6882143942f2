package alisttest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

// The load of the directory-sync resource on a server: 10,000 files of
// 1 KiB uploaded into 100 folders by 8 uploaders at once, then every folder
// listed, then listed again, then every file looked up with fs/get. Not
// part of the suite; run with
//
//	go test -run '^$' -bench ManyFiles -benchtime 1x ./internal/alisttest/
//
// and add -cpuprofile to see where the server's time goes (the client's
// work is in the same process: look below Server.ServeHTTP). Each phase's
// rate is reported as a metric (uploads/s, lists/s, relists/s, gets/s).
func BenchmarkManyFiles(b *testing.B) {
	const (
		folders     = 100
		perFolder   = 100
		concurrency = 8
	)
	content := bytes.Repeat([]byte("x"), 1024)
	for _, fl := range flavors {
		b.Run(fl.String(), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				s := NewServer(b, Options{Flavor: fl})
				c := newBenchClient(b, s, concurrency)
				b.StartTimer()

				var paths, dirs []string
				for d := range folders {
					dir := fmt.Sprintf("/local/site/dir %03d", d)
					dirs = append(dirs, dir)
					for f := range perFolder {
						paths = append(paths, fmt.Sprintf("%s/file %04d.txt", dir, f))
					}
				}
				list := func(i int) error { return c.list(dirs[i], perFolder) }

				rate(b, "uploads/s", len(paths), concurrency, func(i int) error { return c.upload(paths[i], content) })
				rate(b, "lists/s", len(dirs), concurrency, list)
				rate(b, "relists/s", len(dirs), concurrency, list)
				rate(b, "gets/s", len(paths), concurrency, func(i int) error { return c.get(paths[i]) })
			}
		})
	}
}

// rate runs do(0..n-1) on workers goroutines, fails the benchmark on the
// first error, and reports the calls per second under unit.
func rate(b *testing.B, unit string, n, workers int, do func(i int) error) {
	b.Helper()
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := do(i); err != nil {
					cancel(err)
				}
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		b.Fatalf("%s: %v", unit, err)
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), unit)
}

// benchClient is a logged-in client safe for use by many goroutines (the
// test helper client fails the test from its own goroutine, which a
// worker must not do).
type benchClient struct {
	s     *Server
	token string
	hc    *http.Client
}

func newBenchClient(b *testing.B, s *Server, conns int) *benchClient {
	b.Helper()
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = conns // reuse connections, as the provider does
	c := &benchClient{s: s, hc: &http.Client{Transport: t}}
	b.Cleanup(t.CloseIdleConnections)
	var data struct{ Token string }
	if err := c.call(http.MethodPost, "/api/auth/login", bytes.NewReader(mustJSON(map[string]string{
		"username": DefaultAdminUsername, "password": DefaultAdminPassword,
	})), &data, "Content-Type", "application/json"); err != nil {
		b.Fatal(err)
	}
	c.token = data.Token
	return c
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func (c *benchClient) upload(p string, content []byte) error {
	return c.call(http.MethodPut, "/api/fs/put", bytes.NewReader(content), nil, "File-Path", escapePath(p))
}

func (c *benchClient) list(p string, want int) error {
	var data struct {
		Content []json.RawMessage `json:"content"`
	}
	err := c.call(http.MethodPost, "/api/fs/list", bytes.NewReader(mustJSON(map[string]any{"path": p, "page": 1, "per_page": 500})),
		&data, "Content-Type", "application/json")
	if err == nil && len(data.Content) != want {
		err = fmt.Errorf("list %s: %d entries, want %d", p, len(data.Content), want)
	}
	return err
}

func (c *benchClient) get(p string) error {
	var data struct {
		Size int64 `json:"size"`
	}
	err := c.call(http.MethodPost, "/api/fs/get", bytes.NewReader(mustJSON(map[string]any{"path": p})),
		&data, "Content-Type", "application/json")
	if err == nil && data.Size != 1024 {
		err = fmt.Errorf("get %s: size %d", p, data.Size)
	}
	return err
}

// call sends one request (headers as name, value pairs) and decodes a
// successful envelope's data into out.
func (c *benchClient) call(method, p string, body io.Reader, out any, headers ...string) error {
	req, err := http.NewRequest(method, c.s.URL+p, body)
	if err != nil {
		return err
	}
	if c.token != "" {
		req.Header.Set("Authorization", c.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var env struct {
		Code    int             `json:"code"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(res.Body).Decode(&env); err != nil {
		return fmt.Errorf("%s %s: %w", method, p, err)
	}
	if env.Code != 200 {
		return fmt.Errorf("%s %s: code %d %q", method, p, env.Code, env.Message)
	}
	if out == nil || len(env.Data) == 0 || bytes.Equal(env.Data, []byte("null")) {
		return nil
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("%s %s: %w (data: %s)", method, p, err, trunc(env.Data))
	}
	return nil
}

// BenchmarkBigCachedFolder: 10,000 uploads into one folder of a caching
// storage whose listing is cached (OpenList, which updates its cache on
// each upload), then an fs/get of each: every request there works on the
// folder's whole cached listing.
func BenchmarkBigCachedFolder(b *testing.B) {
	const files, concurrency = 10000, 8
	content := bytes.Repeat([]byte("x"), 1024)
	for range b.N {
		b.StopTimer()
		s := NewServer(b, Options{Flavor: OpenListV4, CachingStorages: []string{"/wd"}})
		c := newBenchClient(b, s, concurrency)
		if err := c.upload("/wd/big/first.txt", content); err != nil {
			b.Fatal(err)
		}
		if err := c.list("/wd/big", 1); err != nil { // caches the listing
			b.Fatal(err)
		}
		b.StartTimer()
		name := func(i int) string { return fmt.Sprintf("/wd/big/f%05d.txt", i) }
		rate(b, "uploads/s", files, concurrency, func(i int) error { return c.upload(name(i), content) })
		rate(b, "gets/s", files, concurrency, func(i int) error { return c.get(name(i)) })
	}
}
