package alist_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

func put(t *testing.T, s *alist.Session, p string, data []byte, mod ...func(*alist.PutRequest)) error {
	t.Helper()
	req := alist.PutRequest{Path: p, Size: int64(len(data)), Open: alist.BytesBody(data)}
	for _, m := range mod {
		m(&req)
	}
	_, err := s.Put(context.Background(), req)
	return err
}

func mustPut(t *testing.T, s *alist.Session, p string, data []byte) {
	t.Helper()
	if err := put(t, s, p, data); err != nil {
		t.Fatalf("put %s: %v", p, err)
	}
}

var signRE = regexp.MustCompile(`^[A-Za-z0-9_-]{43}=:0$`)

// The file calls as the real servers answer them, per flavour.
func TestFileCalls(t *testing.T) {
	forEachFlavor(t, alisttest.Options{}, func(t *testing.T, srv *alisttest.Server) {
		ctx := context.Background()
		s := session(t, admin(srv))
		f := srv.Flavor()

		// put creates parents; get reports every field.
		mustPut(t, s, "/local/dir a/sub/hello world.txt", []byte("hello world\n"))
		o, err := s.Get(ctx, "/local/dir a/sub/hello world.txt", "")
		if err != nil {
			t.Fatal(err)
		}
		if o.Name != "hello world.txt" || o.Size != 12 || o.IsDir || o.Type != 4 || o.Provider != "Local" || o.HashInfo != nil {
			t.Errorf("get: %+v", o)
		}
		if !signRE.MatchString(o.Sign) || o.RawURL != srv.URL+"/p/local/dir%20a/sub/hello%20world.txt?sign="+o.Sign {
			t.Errorf("sign %q raw_url %q", o.Sign, o.RawURL)
		}
		if sum, err := s.HashDownload(ctx, o.RawURL, o.Size); err != nil || sum != sha256Hex("hello world\n") {
			t.Errorf("download through raw_url: %s %v", sum, err)
		}
		if _, err := s.HashDownload(ctx, strings.Replace(o.RawURL, "sign=", "sign=x", 1), o.Size); err == nil {
			t.Error("a bad sign downloaded")
		}
		d, err := s.Get(ctx, "/local/dir a", "")
		if err != nil || !d.IsDir || d.Sign != "" || d.RawURL != "" {
			t.Errorf("folder: %+v %v", d, err)
		}

		// not found, each wording
		for _, p := range []string{"/local/nope.txt", "/local/nodir/nope.txt", "/nostorage/x"} {
			if _, err := s.Get(ctx, p, ""); !errors.Is(err, alist.ErrNotFound) {
				t.Errorf("get %s: %v", p, err)
			}
		}
		if _, err := s.List(ctx, "/local/nodir", alist.ListOptions{}); !errors.Is(err, alist.ErrNotFound) {
			t.Errorf("list missing: %v", err)
		}
		if _, err := s.Get(ctx, "/local/../etc", ""); !errors.Is(err, alist.ErrPermissionDenied) {
			t.Errorf("relative path: %v", err)
		}

		// overwrite by default; Overwrite: false honoured on v3.62/OpenList only
		mustPut(t, s, "/local/dir a/sub/hello world.txt", []byte("second version, longer\n"))
		no := false
		err = put(t, s, "/local/dir a/sub/hello world.txt", []byte("third"), func(r *alist.PutRequest) { r.Overwrite = &no })
		if f == alisttest.AListV338 {
			if err != nil {
				t.Errorf("v3.38 ignores Overwrite: %v", err)
			}
		} else if !errors.Is(err, alist.ErrAlreadyExists) {
			t.Errorf("Overwrite false: %v", err)
		}

		// upload errors
		mustPut(t, s, "/local/f.txt", []byte("f"))
		if err := put(t, s, "/local/f.txt/x.txt", []byte("x")); !errors.Is(err, alist.ErrParentIsFile) {
			t.Errorf("parent is a file: %v", err)
		}
		if err := put(t, s, "/nostorage/a.txt", []byte("x")); !errors.Is(err, alist.ErrNotFound) || !strings.Contains(err.Error(), "storage not found") {
			t.Errorf("no storage: %v", err)
		}
		// an empty file
		mustPut(t, s, "/local/empty.txt", nil)
		if o, err := s.Get(ctx, "/local/empty.txt", ""); err != nil || o.Size != 0 {
			t.Errorf("empty: %+v %v", o, err)
		}

		// list
		wantSize := int64(23)
		if f == alisttest.AListV338 {
			wantSize = 5 // "third" went through
		}
		items, err := s.List(ctx, "/local/dir a/sub", alist.ListOptions{})
		if err != nil || len(items) != 1 || items[0].Name != "hello world.txt" || items[0].Size != wantSize {
			t.Errorf("list: %+v %v", items, err)
		}

		// mkdir: parents, idempotent, refused over a file
		for range 2 {
			if err := s.Mkdir(ctx, "/local/m1/m2/m3"); err != nil {
				t.Errorf("mkdir: %v", err)
			}
		}
		if err := s.Mkdir(ctx, "/local/f.txt"); !errors.Is(err, alist.ErrAlreadyExists) {
			t.Errorf("mkdir over a file: %v", err)
		}
		dirs, err := s.Dirs(ctx, "/local")
		if err != nil || len(dirs) != 2 {
			t.Errorf("dirs: %+v %v", dirs, err)
		}

		// rename: onto an existing name v3.38 replaces, the others refuse
		mustPut(t, s, "/local/r1.txt", []byte("r1"))
		err = s.Rename(ctx, "/local/r1.txt", "empty.txt")
		if f == alisttest.AListV338 {
			if err != nil {
				t.Errorf("v3.38 rename over: %v", err)
			}
		} else if !errors.Is(err, alist.ErrAlreadyExists) {
			t.Errorf("rename over: %v", err)
		}
		if err := s.Rename(ctx, "/local/nope.txt", "x.txt"); !errors.Is(err, alist.ErrNotFound) {
			t.Errorf("rename missing: %v", err)
		}

		// move and copy
		if err := s.Move(ctx, "/local", "/local/nodir", "f.txt"); !errors.Is(err, alist.ErrNotFound) {
			t.Errorf("move to a missing folder: %v", err)
		}
		if _, err := s.Copy(ctx, "/local", "/local/m1", false, "f.txt"); err != nil {
			t.Errorf("copy: %v", err)
		}
		// OpenList copies files within a storage by a task (no reflink).
		waitFor(t, func() bool { return srv.Exists("/local/m1/f.txt") })
		if err := s.Move(ctx, "/local/m1", "/local/m1/m2", "f.txt"); err != nil {
			t.Errorf("move: %v", err)
		}
		waitFor(t, func() bool { return srv.Exists("/local/m1/m2/f.txt") && !srv.Exists("/local/m1/f.txt") })

		// remove: missing names succeed
		if err := s.Remove(ctx, "/local", "f.txt", "never-there.txt"); err != nil {
			t.Errorf("remove: %v", err)
		}
		if srv.Exists("/local/f.txt") {
			t.Error("removed file still on disk")
		}
		if err := s.RemovePath(ctx, "/local/nodir/x"); err != nil && !errors.Is(err, alist.ErrNotFound) {
			t.Errorf("remove in a missing folder: %v", err)
		}

		// server version
		info, err := s.ServerVersion(ctx)
		if err != nil || info.Version != f.Version() || info.IsOpenList() != (f == alisttest.OpenListV4) {
			t.Errorf("version: %+v %v", info, err)
		}
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not met within 5s")
}

// Names that need escaping survive the File-Path header and fs/get.
func TestPathRoundTrip(t *testing.T) {
	forEachFlavor(t, alisttest.Options{}, func(t *testing.T, srv *alisttest.Server) {
		s := session(t, admin(srv))
		for _, name := range []string{"with space.txt", "100% sure.txt", "hash#tag.txt", "what?.txt", "a+b=c.txt", "中文 文件.txt", "emoji 🚀✨.txt", "semi;colon&amp.txt"} {
			p := "/local/round trip/" + name
			data := []byte("content of " + name)
			mustPut(t, s, p, data)
			got, err := srv.ReadFile(p)
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("%q on disk: %q %v", name, got, err)
			}
			o, err := s.Get(context.Background(), p, "")
			if err != nil || o.Name != name {
				t.Errorf("%q: %+v %v", name, o, err)
				continue
			}
			if sum, err := s.HashDownload(context.Background(), o.RawURL, o.Size); err != nil || sum != sha256Hex(string(data)) {
				t.Errorf("%q via raw_url: %v", name, err)
			}
		}
	})
}

// v3.62 caps per_page at 500: List still returns every entry.
func TestListAllPages(t *testing.T) {
	forEachFlavor(t, alisttest.Options{}, func(t *testing.T, srv *alisttest.Server) {
		for i := range 1203 {
			if err := srv.WriteFile(fmt.Sprintf("/local/big/f%04d", i), []byte("x")); err != nil {
				t.Fatal(err)
			}
		}
		items, err := session(t, admin(srv)).List(context.Background(), "/local/big", alist.ListOptions{Refresh: true})
		if err != nil || len(items) != 1203 {
			t.Fatalf("got %d entries, %v", len(items), err)
		}
		seen := map[string]bool{}
		for _, it := range items {
			seen[it.Name] = true
		}
		if len(seen) != 1203 {
			t.Errorf("%d distinct names", len(seen))
		}
	})
}

// A caching storage serves stale metadata after an upload until its parent is refreshed.
func TestCachingStorage(t *testing.T) {
	forEachFlavor(t, alisttest.Options{Storages: []string{"/local"}, CachingStorages: []string{"/cached"}}, func(t *testing.T, srv *alisttest.Server) {
		ctx := context.Background()
		s := session(t, admin(srv))
		mustPut(t, s, "/cached/a.txt", []byte("one"))
		if _, err := s.List(ctx, "/cached", alist.ListOptions{}); err != nil { // fills the cache
			t.Fatal(err)
		}
		mustPut(t, s, "/cached/a.txt", []byte("longer content"))
		o, err := s.Get(ctx, "/cached/a.txt", "")
		if err != nil {
			t.Fatal(err)
		}
		stale := srv.Flavor() != alisttest.OpenListV4
		if (o.Size == 3) != stale {
			t.Errorf("size %d right after the overwrite (stale expected: %v)", o.Size, stale)
		}
		if err := s.Refresh(ctx, "/cached"); err != nil {
			t.Fatal(err)
		}
		if o, err := s.Get(ctx, "/cached/a.txt", ""); err != nil || o.Size != 14 {
			t.Errorf("after refresh: %+v %v", o, err)
		}
	})
}

func TestAsTask(t *testing.T) {
	forEachFlavor(t, alisttest.Options{TaskDelay: 300 * time.Millisecond}, func(t *testing.T, srv *alisttest.Server) {
		ctx := context.Background()
		s := session(t, admin(srv))
		task, err := s.Put(ctx, alist.PutRequest{Path: "/local/task.txt", Size: 5, Open: alist.BytesBody([]byte("tasks")), AsTask: true})
		if err != nil || task == nil || task.ID == "" {
			t.Fatalf("task %+v %v", task, err)
		}
		waitFor(t, func() bool {
			tk, err := s.UploadTask(ctx, task.ID)
			return err == nil && tk.State == alist.TaskSucceeded
		})
		if o, err := s.Get(ctx, "/local/task.txt", ""); err != nil || o.Size != 5 {
			t.Errorf("after the task: %+v %v", o, err)
		}
	})
}

// A limited user: permission errors are typed, admin calls refused.
func TestPermissions(t *testing.T) {
	users := []alisttest.User{{Username: "reader", Password: "reader-pass", Permission: 0}}
	forEachFlavor(t, alisttest.Options{Users: users}, func(t *testing.T, srv *alisttest.Server) {
		ctx := context.Background()
		mustPut(t, session(t, admin(srv)), "/local/x.txt", []byte("x"))
		s := session(t, alist.Config{URL: srv.URL, Username: "reader", Password: "reader-pass"})
		if err := put(t, s, "/local/y.txt", []byte("y")); !errors.Is(err, alist.ErrPermissionDenied) {
			t.Errorf("upload: %v", err)
		}
		if err := s.RemovePath(ctx, "/local/x.txt"); !errors.Is(err, alist.ErrPermissionDenied) {
			t.Errorf("remove: %v", err)
		}
		if err := s.Refresh(ctx, "/local"); !errors.Is(err, alist.ErrPermissionDenied) {
			t.Errorf("refresh: %v", err)
		}
		if _, err := s.UploadTask(ctx, "x"); !errors.Is(err, alist.ErrPermissionDenied) {
			t.Errorf("admin call: %v", err)
		}
		me, err := s.Me(ctx)
		if err != nil || me.IsAdmin() || me.Username != "reader" {
			t.Errorf("me: %+v %v", me, err)
		}
	})
}

// A URL that answers HTML (the web UI, a wrong path prefix) is named as such.
func TestNotAnAPI(t *testing.T) {
	srv := alisttest.NewServer(t, alisttest.Options{})
	s := session(t, alist.Config{URL: srv.URL + "/wrong-prefix", Username: "admin", Password: adminPass})
	err := s.Login(context.Background())
	if !errors.Is(err, alist.ErrNotAPI) || !strings.Contains(err.Error(), "got an HTML page") || !strings.Contains(err.Error(), "check `url`") {
		t.Errorf("got %v", err)
	}
}

// Headers the servers insist on: raw Authorization, Content-Length on every
// upload (v3 refuses chunked bodies), the User-Agent, the escaped File-Path.
func TestRequestHeaders(t *testing.T) {
	var seen atomic.Value
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if r.URL.Path == "/base/api/auth/login/hash" {
			io.WriteString(w, `{"code":200,"message":"success","data":{"token":"tok"}}`)
			return
		}
		seen.Store(r.Clone(context.Background()))
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, `{"code":200,"message":"success","data":null}`)
	})
	ts := httptest.NewServer(h)
	defer ts.Close()
	s := session(t, alist.Config{URL: ts.URL + "/base/", Username: "u", Password: "p", UserAgent: "terraform-provider-alist/1.2.3"})
	body := io.MultiReader(strings.NewReader("abc"), strings.NewReader("def")) // no Len(): net/http would go chunked
	_, err := s.Put(context.Background(), alist.PutRequest{Path: "/local/a b/c#d.txt", Size: 6, Open: func() (io.ReadCloser, error) { return io.NopCloser(body), nil }})
	if err != nil {
		t.Fatal(err)
	}
	r := seen.Load().(*http.Request)
	if r.ContentLength != 6 || len(r.TransferEncoding) != 0 {
		t.Errorf("Content-Length %d, Transfer-Encoding %v", r.ContentLength, r.TransferEncoding)
	}
	for k, want := range map[string]string{"Authorization": "tok", "User-Agent": "terraform-provider-alist/1.2.3", "File-Path": "/local/a%20b/c%23d.txt"} {
		if got := r.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
}

// Cancelling the context stops an upload in flight.
func TestUploadCancelled(t *testing.T) {
	srv := alisttest.NewServer(t, alisttest.Options{})
	s := session(t, admin(srv))
	if err := s.Login(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := s.Put(ctx, alist.PutRequest{Path: "/local/slow.bin", Size: 1 << 40, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(slowZeros{}), nil
	}})
	if !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
		t.Errorf("got %v after %v", err, time.Since(start))
	}
}

type slowZeros struct{}

func (slowZeros) Read(p []byte) (int, error) {
	time.Sleep(time.Millisecond)
	clear(p)
	return len(p), nil
}

// A large upload streams: the heap stays flat whatever the size.
func TestLargeUploadStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 320 MiB")
	}
	srv := alisttest.NewServer(t, alisttest.Options{})
	s := session(t, admin(srv))
	if err := s.Login(context.Background()); err != nil {
		t.Fatal(err)
	}
	const size = 320 << 20
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	}()
	_, err := s.Put(context.Background(), alist.PutRequest{Path: "/local/large.bin", Size: size, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(io.LimitReader(pattern{}, size)), nil
	}})
	close(done)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := srv.Stat("/local/large.bin")
	if err != nil || fi.Size() != size {
		t.Fatalf("stored: %v %v", fi, err)
	}
	growth := int64(peak.Load()) - int64(base)
	t.Logf("heap in use grew by %.1f MiB during a %d MiB upload", float64(growth)/(1<<20), size>>20)
	if growth > 32<<20 {
		t.Errorf("heap grew by %d MiB: the upload is buffered somewhere", growth>>20)
	}
}

type pattern struct{}

func (pattern) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(i)
	}
	return len(p), nil
}

// The servers take any number of names in one fs/remove (this server as
// well); RemoveMany still sends at most 1,000 per call, in order.
func TestRemoveMany(t *testing.T) {
	forEachFlavor(t, alisttest.Options{}, func(t *testing.T, srv *alisttest.Server) {
		ctx := context.Background()
		s := session(t, admin(srv))
		var names []string
		for i := range 2100 {
			name := fmt.Sprintf("f %04d #%%.txt", i)
			if i%4 == 0 {
				if err := srv.WriteFile("/local/many/"+name, []byte("x")); err != nil {
					t.Fatal(err)
				}
			} // the others are missing, which counts as removed
			names = append(names, name)
		}
		if err := srv.WriteFile("/local/many/kept.txt", []byte("k")); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveMany(ctx, "/local/many", nil); err != nil || srv.Count("/api/fs/remove") != 0 {
			t.Fatalf("no names: %v, %d calls", err, srv.Count("/api/fs/remove"))
		}
		if err := s.RemoveMany(ctx, "/local/many", names); err != nil {
			t.Fatal(err)
		}
		if n := srv.Count("/api/fs/remove"); n != 3 {
			t.Errorf("%d fs/remove calls, want 3", n)
		}
		if items, err := s.List(ctx, "/local/many", alist.ListOptions{}); err != nil || len(items) != 1 || items[0].Name != "kept.txt" {
			t.Errorf("left: %d %v", len(items), err)
		}

		// A failing batch stops the rest and says which.
		srv.FailNextOn("/api/fs/remove", 1, alisttest.FaultHTTP500)
		before := srv.Count("/api/fs/remove")
		err := s.RemoveMany(ctx, "/local/many", names)
		if err == nil || !strings.Contains(err.Error(), "names 1 to 1000 of 2100") || srv.Count("/api/fs/remove")-before != 1 {
			t.Errorf("failing batch: %v after %d calls", err, srv.Count("/api/fs/remove")-before)
		}
	})
}

// Relocate: a rename, a move, both (through a free intermediate name), and
// nothing moved when both intermediates are taken; overwrite onto a file.
// A v3.38 error quoting the server's disk paths shows none.
func TestRelocate(t *testing.T) {
	forEachFlavor(t, alisttest.Options{}, func(t *testing.T, srv *alisttest.Server) {
		ctx := context.Background()
		s := session(t, admin(srv))
		mustPut(t, s, "/local/a/f.txt", []byte("f"))
		steps := []struct{ from, to string }{
			{"/local/a/f.txt", "/local/a/g.txt"},         // rename
			{"/local/a/g.txt", "/local/b/g.txt"},         // move
			{"/local/b/g.txt", "/local/c/h.txt"},         // move, then rename
			{"/local/c", "/local/a/c-renamed"},           // a folder, with its file
			{"/local/a/c-renamed", "/local/a/c-renamed"}, // nothing to do
		}
		for _, dir := range []string{"/local/b", "/local/c"} {
			if err := s.Mkdir(ctx, dir); err != nil {
				t.Fatal(err)
			}
		}
		for _, st := range steps {
			if err := s.Relocate(ctx, st.from, st.to, false); err != nil {
				t.Fatalf("%s to %s: %v", st.from, st.to, err)
			}
		}
		if b, err := srv.ReadFile("/local/a/c-renamed/h.txt"); err != nil || string(b) != "f" {
			t.Fatalf("after the moves: %q %v", b, err)
		}
		if srv.Exists("/local/a/f.txt") || srv.Exists("/local/c") {
			t.Fatal("a source is left")
		}

		// New folder and new name, both intermediate names taken.
		mustPut(t, s, "/local/x/k.txt", []byte("k"))
		mustPut(t, s, "/local/y/k.txt", []byte("y-k"))
		mustPut(t, s, "/local/x/m.txt", []byte("x-m"))
		if err := s.Relocate(ctx, "/local/x/k.txt", "/local/y/m.txt", false); !errors.Is(err, alist.ErrAlreadyExists) {
			t.Fatalf("through taken names: %v", err)
		}
		for p, want := range map[string]string{"/local/x/k.txt": "k", "/local/y/k.txt": "y-k", "/local/x/m.txt": "x-m"} {
			if b, _ := srv.ReadFile(p); string(b) != want {
				t.Errorf("%s holds %q, want %q", p, b, want)
			}
		}
		// Onto an existing file with overwrite, on every flavour.
		if err := s.Relocate(ctx, "/local/x/k.txt", "/local/y/k.txt", true); err != nil {
			t.Fatal(err)
		}
		if b, _ := srv.ReadFile("/local/y/k.txt"); string(b) != "k" || srv.Exists("/local/x/k.txt") {
			t.Fatalf("overwrite: %q", b)
		}

		// A folder renamed onto a folder: v3.38 answers with its disk
		// paths, which never reach the error.
		for _, dir := range []string{"/local/d1/in", "/local/d2"} {
			if err := s.Mkdir(ctx, dir); err != nil {
				t.Fatal(err)
			}
		}
		err := s.Relocate(ctx, "/local/d1", "/local/d2", false)
		if !errors.Is(err, alist.ErrAlreadyExists) || strings.Contains(err.Error(), srv.Dir()) {
			t.Fatalf("onto a folder: %v", err)
		}
		if srv.Flavor() == alisttest.AListV338 && !strings.Contains(err.Error(), "rename <server disk path>: file exists") {
			t.Errorf("v3.38 onto a folder: %v", err)
		}
	})
}
