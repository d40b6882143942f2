package alist_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// siteTree writes a tree below /local/site behind the API's back and
// returns its files (relative path → content) and folders.
func siteTree(t *testing.T, srv *alisttest.Server, root string) (map[string]string, []string) {
	t.Helper()
	files := map[string]string{
		"index.html":                    "<html>",
		"css/site.css":                  "body{}",
		"deep/a/b/c/leaf.txt":           "leaf",
		"odd dir %25 #1/ファイル 100%.txt":  "unicode",
		"odd dir %25 #1/a#b?&+ c.txt":   "punctuation",
		"odd dir %25 #1/naïve café.txt": "accents",
	}
	for i := range 601 { // more than the 500 of a v3.62 page
		files[fmt.Sprintf("big/f%04d.txt", i)] = "x"
	}
	for rel, content := range files {
		if err := srv.WriteFile(root+"/"+rel, []byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.Mkdir(root + "/empty"); err != nil {
		t.Fatal(err)
	}
	dirs := []string{"big", "css", "deep", "deep/a", "deep/a/b", "deep/a/b/c", "empty", "odd dir %25 #1"}
	return files, dirs
}

func checkTree(t *testing.T, tree *alist.Tree, files map[string]string, dirs []string) {
	t.Helper()
	if !reflect.DeepEqual(tree.Dirs, dirs) {
		t.Errorf("dirs %q, want %q", tree.Dirs, dirs)
	}
	if len(tree.Files) != len(files) {
		t.Errorf("%d files, want %d", len(tree.Files), len(files))
	}
	if !slices.IsSortedFunc(tree.Files, func(a, b alist.TreeFile) int { return strings.Compare(a.Rel, b.Rel) }) {
		t.Error("files not sorted by Rel")
	}
	for _, f := range tree.Files {
		content, ok := files[f.Rel]
		if !ok || f.Size != int64(len(content)) || f.IsDir || f.Name != f.Rel[strings.LastIndex(f.Rel, "/")+1:] || f.Modified.IsZero() {
			t.Errorf("unexpected file %+v", f)
		}
	}
}

func TestWalk(t *testing.T) {
	forEachFlavor(t, alisttest.Options{}, func(t *testing.T, srv *alisttest.Server) {
		files, dirs := siteTree(t, srv, "/local/site")
		s := session(t, admin(srv))
		ctx := context.Background()
		if _, err := s.Me(ctx); err != nil { // log in before counting
			t.Fatal(err)
		}
		for _, par := range []int{0, 1, 3} {
			srv.ResetCounts()
			tree, err := s.Walk(ctx, "/local/site/", alist.WalkOptions{Parallelism: par})
			if err != nil {
				t.Fatal(err)
			}
			checkTree(t, tree, files, dirs)
			if tree.Provider != "Local" {
				t.Errorf("provider %q", tree.Provider)
			}
			// One fs/list per folder and page (big has two of 500, the
			// largest page every version honours); an fs/get only where
			// fs/list does not name the driver (OpenList).
			lists, gets := len(dirs)+2, 0
			if srv.Flavor() == alisttest.OpenListV4 {
				gets = 1
			}
			if n, g := srv.Count("/api/fs/list"), srv.Count("/api/fs/get"); n != lists || g != gets {
				t.Errorf("parallelism %d: %d fs/list and %d fs/get, want %d and %d", par, n, g, lists, gets)
			}
		}

		// A folder walks the same from "/" down (virtual folder included).
		tree, err := s.Walk(ctx, "/", alist.WalkOptions{})
		if err != nil || tree.Provider != "unknown" || !slices.Contains(tree.Dirs, "local/site/odd dir %25 #1") ||
			len(tree.Files) != len(files) {
			t.Errorf("walk of /: provider %q, %d files, %v", tree.Provider, len(tree.Files), err)
		}
	})
}

// fs/list names the driver on AList only, which is why Walk asks fs/get on OpenList.
func TestListDirProvider(t *testing.T) {
	forEachFlavor(t, alisttest.Options{}, func(t *testing.T, srv *alisttest.Server) {
		mustPut(t, session(t, admin(srv)), "/local/a.txt", []byte("a"))
		l, err := session(t, admin(srv)).ListDir(context.Background(), "/local", alist.ListOptions{})
		want := "Local"
		if srv.Flavor() == alisttest.OpenListV4 {
			want = "unknown"
		}
		if err != nil || len(l.Items) != 1 || l.Provider != want {
			t.Errorf("listing %+v %v, want provider %q", l, err, want)
		}
	})
}

// On a caching storage, files written behind the server's back show only
// with Refresh; on Local, Refresh sends no refresh (a read-only account
// can use it there).
func TestWalkRefresh(t *testing.T) {
	users := []alisttest.User{{Username: "reader", Password: "reader-pass", Permission: 0}}
	opts := alisttest.Options{Storages: []string{"/local"}, CachingStorages: []string{"/cached"}, Users: users}
	forEachFlavor(t, opts, func(t *testing.T, srv *alisttest.Server) {
		ctx := context.Background()
		s := session(t, admin(srv))
		mustPut(t, s, "/cached/site/a.txt", []byte("a"))
		mustPut(t, s, "/cached/site/sub/b.txt", []byte("b"))
		tree, err := s.Walk(ctx, "/cached/site", alist.WalkOptions{Refresh: true})
		if err != nil || len(tree.Files) != 2 || tree.Provider != alisttest.DriverCached {
			t.Fatalf("first walk: %+v %v", tree, err)
		}

		for _, p := range []string{"/cached/site/sub/behind.txt", "/cached/site/new/c.txt"} {
			if err := srv.WriteFile(p, []byte("behind")); err != nil {
				t.Fatal(err)
			}
		}
		stale, err := s.Walk(ctx, "/cached/site", alist.WalkOptions{})
		if err != nil || len(stale.Files) != 2 || !reflect.DeepEqual(stale.Dirs, []string{"sub"}) {
			t.Errorf("without refresh: %+v %v", stale, err)
		}
		srv.ResetCounts()
		fresh, err := s.Walk(ctx, "/cached/site", alist.WalkOptions{Refresh: true})
		if err != nil || len(fresh.Files) != 4 || !reflect.DeepEqual(fresh.Dirs, []string{"new", "sub"}) {
			t.Errorf("with refresh: %+v %v", fresh, err)
		}
		if n, g := srv.Count("/api/fs/list"), srv.Count("/api/fs/get"); n != 3 || g != 1 {
			t.Errorf("%d fs/list and %d fs/get, want 3 and 1", n, g)
		}

		// A root created behind the server's back is found after a refresh
		// of its parent.
		if err := srv.WriteFile("/cached/later/x.txt", []byte("x")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Walk(ctx, "/cached", alist.WalkOptions{}); err != nil { // caches /cached without "later"
			t.Fatal(err)
		}
		if tree, err := s.Walk(ctx, "/cached/later", alist.WalkOptions{Refresh: true}); err != nil || len(tree.Files) != 1 {
			t.Errorf("root behind the cache: %+v %v", tree, err)
		}

		reader := session(t, alist.Config{URL: srv.URL, Username: "reader", Password: "reader-pass"})
		mustPut(t, s, "/local/site/r.txt", []byte("r"))
		if tree, err := reader.Walk(ctx, "/local/site", alist.WalkOptions{Refresh: true}); err != nil || len(tree.Files) != 1 {
			t.Errorf("read-only walk of Local with Refresh: %+v %v", tree, err)
		}
		if _, err := reader.Walk(ctx, "/cached/site", alist.WalkOptions{Refresh: true}); !errors.Is(err, alist.ErrPermissionDenied) {
			t.Errorf("read-only refresh of a caching storage: %v", err)
		}
	})
}

func TestWalkMissingOrFile(t *testing.T) {
	forEachFlavor(t, alisttest.Options{}, func(t *testing.T, srv *alisttest.Server) {
		ctx := context.Background()
		s := session(t, admin(srv))
		mustPut(t, s, "/local/site/index.html", []byte("<html>"))
		for _, refresh := range []bool{false, true} {
			for _, p := range []string{"/local/nope", "/local/nodir/nope", "/nostorage/x"} {
				_, err := s.Walk(ctx, p, alist.WalkOptions{Refresh: refresh})
				var ae *alist.APIError
				if !errors.Is(err, alist.ErrNotFound) || !errors.As(err, &ae) {
					t.Errorf("walk %s (refresh %v): %v, want a not-found APIError", p, refresh, err)
				}
			}
			_, err := s.Walk(ctx, "/local/site/index.html", alist.WalkOptions{Refresh: refresh})
			if !errors.Is(err, alist.ErrNotFolder) || !strings.Contains(err.Error(), "is a file") {
				t.Errorf("walk of a file (refresh %v): %v", refresh, err)
			}
		}
		if _, err := s.Walk(ctx, "local/site", alist.WalkOptions{}); err == nil {
			t.Error("a relative root was walked")
		}
	})
}

// A failure stops the walk and is what it returns: here a folder that
// vanishes between the listing of its parent and its own.
func TestWalkStopsAtFirstError(t *testing.T) {
	srv := alisttest.NewServer(t, alisttest.Options{})
	for i := range 20 {
		if err := srv.WriteFile(fmt.Sprintf("/local/site/d%02d/f.txt", i), []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	srv.Hook("/api/fs/list", 2, func() { _ = srv.RemoveFile("/local/site/d07") })
	_, err := session(t, admin(srv)).Walk(context.Background(), "/local/site", alist.WalkOptions{Parallelism: 2})
	var ae *alist.APIError
	if !errors.Is(err, alist.ErrNotFound) || !errors.As(err, &ae) || ae.Path != "/local/site/d07" {
		t.Fatalf("got %v, want not found for /local/site/d07", err)
	}
}

// Canceling the context stops the walk at once: no request is sent after
// Walk returns.
func TestWalkCancel(t *testing.T) {
	srv := alisttest.NewServer(t, alisttest.Options{})
	for i := range 40 {
		if err := srv.WriteFile(fmt.Sprintf("/local/site/d%02d/e/f.txt", i), []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	s := session(t, admin(srv))
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Walk(canceled, "/local/site", alist.WalkOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled before: %v", err)
	}

	srv.SetLatency(20 * time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv.Hook("/api/fs/list", 10, cancel)
	start := time.Now()
	_, err := s.Walk(ctx, "/local/site", alist.WalkOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v after the cancel", d)
	}
	sent := srv.Count("/api/fs/list")
	time.Sleep(100 * time.Millisecond)
	if n := srv.Count("/api/fs/list"); n != sent || n >= 81 {
		t.Errorf("%d fs/list when Walk returned, %d later (a full walk is 81)", sent, n)
	}
}
