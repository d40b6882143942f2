package alisttest

import (
	"bytes"
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestPutGetList(t *testing.T) {
	getKeys := map[Flavor]string{
		AListV338:  "created hash_info hashinfo header is_dir modified name provider raw_url readme related sign size thumb type",
		AListV362:  "created hash_info hashinfo header id is_dir modified name path provider raw_url readme related sign size thumb type virtual_path web_proxy",
		OpenListV4: "created hash_info hashinfo header is_dir modified name provider raw_url readme related sign size thumb type",
	}
	itemKeys := map[Flavor]string{
		AListV338:  "created hash_info hashinfo is_dir modified name sign size thumb type",
		AListV362:  "created hash_info hashinfo id is_dir label_list modified name path sign size thumb type virtual_path",
		OpenListV4: "created hash_info hashinfo is_dir modified name sign size thumb type",
	}
	listKeys := map[Flavor]string{
		AListV338:  "content header provider readme total write",
		AListV362:  "content filtered_total has_more header page pages_total per_page provider readme total write",
		OpenListV4: "content header provider readme total write write_content_bypass",
	}
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		const p = "/local/dir a/sub/hello world.txt"
		c.put(p, "hello-alist\n", "Last-Modified: 1700000000000", "Content-Type: text/plain").ok(t)
		if b, _ := s.ReadFile(p); string(b) != "hello-alist\n" {
			t.Fatalf("on disk: %q", b)
		}

		g := c.fsGet(p).ok(t).obj(t)
		if got := keys(g); got != getKeys[fl] {
			t.Fatalf("fs/get keys\n got %s\nwant %s", got, getKeys[fl])
		}
		sign := signWith(s.AdminToken(), p, 0)
		wantSign := hmacSign(s.AdminToken(), p+":0") + ":0"
		if sign != wantSign || g["sign"] != sign {
			t.Fatalf("sign %v, want %s", g["sign"], wantSign)
		}
		wantURL := s.URL + "/p/local/dir%20a/sub/hello%20world.txt?sign=" + sign
		if g["name"] != "hello world.txt" || g["size"] != 12.0 || g["is_dir"] != false || g["type"] != 4.0 ||
			g["modified"] != "2023-11-14T22:13:20Z" || g["raw_url"] != wantURL || g["provider"] != "Local" ||
			g["hashinfo"] != "null" || g["hash_info"] != nil || g["related"] != nil {
			t.Fatalf("fs/get: %v", g)
		}
		if _, err := time.Parse(time.RFC3339Nano, g["created"].(string)); err != nil {
			t.Fatal(err)
		}
		if fl == AListV362 && (g["virtual_path"] != p || g["path"] != s.DiskPath(p)) {
			t.Fatalf("v3.62 paths: %v %v", g["virtual_path"], g["path"])
		}

		dir := c.fsGet("/local/dir a").ok(t).obj(t)
		wantSize := 0.0
		if fl == OpenListV4 {
			wantSize = 4096
		}
		if dir["is_dir"] != true || dir["size"] != wantSize || dir["type"] != 0.0 || dir["sign"] != "" || dir["raw_url"] != "" {
			t.Fatalf("folder: %v", dir)
		}

		l := c.fsList("/local/dir a/sub", "page", 1, "per_page", 0, "refresh", false).ok(t)
		lo := l.obj(t)
		if got := keys(lo); got != listKeys[fl] {
			t.Fatalf("fs/list keys\n got %s\nwant %s", got, listKeys[fl])
		}
		item := lo["content"].([]any)[0].(map[string]any)
		if got := keys(item); got != itemKeys[fl] {
			t.Fatalf("list item keys\n got %s\nwant %s", got, itemKeys[fl])
		}
		if lo["total"] != 1.0 || item["sign"] != sign || item["type"] != 4.0 || lo["write"] != true {
			t.Fatalf("list: %v", lo)
		}
		folderItem := c.fsList("/local/dir a").ok(t).obj(t)["content"].([]any)[0].(map[string]any)
		if folderItem["type"] != 1.0 || folderItem["size"] != 0.0 {
			t.Fatalf("folder item %v", folderItem)
		}

		// "/" shows the storages as folders.
		root := c.fsList("/").ok(t)
		if n := names(t, root); !reflect.DeepEqual(n, []string{"local"}) {
			t.Fatalf("root %v", n)
		}
		if r := c.fsGet("/").ok(t).obj(t); r["name"] != "root" || r["provider"] != "unknown" || r["modified"] != "0001-01-01T00:00:00Z" {
			t.Fatalf("get /: %v", r)
		}
		if r := c.fsGet("/local").ok(t).obj(t); r["name"] != "local" || r["provider"] != "Local" || r["size"] != 0.0 {
			t.Fatalf("get /local: %v", r)
		}

		// Overwrite by default, mtime now; related siblings.
		c.put(p, "second version, longer\n").ok(t)
		g = c.fsGet(p).ok(t).obj(t)
		if g["size"] != 23.0 || g["modified"] == "2023-11-14T22:13:20Z" {
			t.Fatalf("after overwrite %v", g)
		}
		c.put("/local/dir a/sub/hello world.srt", "1\n").ok(t)
		rel, _ := c.fsGet(p).ok(t).obj(t)["related"].([]any)
		if len(rel) != 1 || rel[0].(map[string]any)["name"] != "hello world.srt" {
			t.Fatalf("related %v", rel)
		}
	})
}

func hmacSign(key, data string) string {
	h := hmac.New(sha256.New, []byte(key))
	h.Write([]byte(data))
	return base64.URLEncoding.EncodeToString(h.Sum(nil))
}

func TestNotFound(t *testing.T) {
	type row struct{ getFile, getInMissing, getDeep, listMissing, listFile string }
	want := map[Flavor]row{
		AListV338: {"object not found", "failed get parent list: failed get dir: object not found",
			"failed get parent list: failed get dir: failed get parent list: failed get dir: object not found",
			"failed get objs: failed get dir: object not found", "failed get objs: not a folder"},
		OpenListV4: {"failed to get obj: object not found", "failed to get obj: object not found", "failed to get obj: object not found",
			"failed get objs: failed get dir: failed to get obj: object not found", "failed get objs: not a folder"},
	}
	want[AListV362] = want[AListV338]
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		w := want[fl]
		c.put("/local/f.txt", "x").ok(t)
		c.fsGet("/local/nope.txt").is(t, 500, w.getFile)
		c.fsGet("/local/nodir/nope.txt").is(t, 500, w.getInMissing)
		c.fsGet("/local/a/b/nope.txt").is(t, 500, w.getDeep)
		c.fsList("/local/nodir").is(t, 500, w.listMissing)
		c.fsList("/local/f.txt").is(t, 500, w.listFile)
		c.fsGet("/nostorage/x").is(t, 500, "failed get storage: storage not found; rawPath: /nostorage/x")
		c.fsList("/nostorage").is(t, 500, "failed get storage: storage not found; rawPath: /nostorage")
		rel := map[Flavor]string{OpenListV4: "using relative path is not allowed"}[fl]
		if rel == "" {
			rel = "access using relative path is not allowed"
		}
		c.fsGet("/../local").is(t, 403, rel)
		c.fsList("/local/..").is(t, 403, rel)
		c.put("/local/../x.txt", "x").is(t, 403, rel)
	})
}

func TestPutRules(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, Users: []User{{Username: "ro", Password: "ro-pw"}}})
		c := adminClient(t, s)
		const p = "/local/o.txt"
		c.put(p, "first").ok(t)

		// Overwrite: false.
		r := c.put(p, "second", "Overwrite: false")
		if fl == AListV338 {
			r.ok(t)
		} else {
			r.is(t, 403, "file exists")
		}
		want := map[bool]string{true: "second", false: "first"}[fl == AListV338]
		if b, _ := s.ReadFile(p); string(b) != want {
			t.Fatalf("content %q, want %q", b, want)
		}
		c.put("/local/new.txt", "n", "Overwrite: false", "X-File-Md5: 0cc175b9c0f1b6a831c399e269772661").ok(t)

		// Chunked upload: AList needs a Content-Length.
		req, _ := http.NewRequest(http.MethodPut, s.URL+"/api/fs/put", io.MultiReader(strings.NewReader("chunked body")))
		req.Header.Set("Authorization", c.token)
		req.Header.Set("File-Path", "/local/chunked.txt")
		req.ContentLength = -1
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var env envelope
		_ = json.NewDecoder(res.Body).Decode(&env)
		res.Body.Close()
		if fl == OpenListV4 {
			if env.Code != 200 || !s.Exists("/local/chunked.txt") {
				t.Fatalf("chunked on OpenList: %+v", env)
			}
		} else if env.Code != 400 || env.Message != `strconv.ParseInt: parsing "": invalid syntax` {
			t.Fatalf("chunked: %+v", env)
		}

		// Parents are created; a file as parent is refused.
		c.put("/local/a/b/c/deep.txt", "d").ok(t)
		c.put("/local/o.txt/inner.txt", "x").is(t, 500, "failed to make dir [/o.txt]: file exists")
		// Deeper, AList finds the file while listing (not a folder),
		// OpenList's stat does not find the folder.
		deep := "failed to make dir [/a/b/c/deep.txt/x]: failed to check if dir exists: failed get parent list: not a folder"
		if fl == OpenListV4 {
			deep = "failed to make dir [/a/b/c/deep.txt/x]: failed to make parent dir [/a/b/c/deep.txt/]: file exists"
		}
		c.put("/local/a/b/c/deep.txt/x/y.txt", "x").is(t, 500, deep)
		// Storage errors.
		c.send(http.MethodPut, "/api/fs/put", strings.NewReader("x")).
			is(t, 500, "failed get storage: storage not found; please add a storage first")
		c.put("/a.txt", "x").is(t, 500, "failed get storage: storage not found; please add a storage first")
		c.put("/nostorage/a.txt", "x").is(t, 500, "failed get storage: storage not found; rawPath: /nostorage")
		// Permissions.
		newClient(t, s).put("/local/g.txt", "x").is(t, 401, "Guest user is disabled, login please")
		ro := newClient(t, s)
		ro.login("ro", "ro-pw").ok(t)
		ro.put("/local/ro.txt", "x").is(t, 403, "permission denied")
		ro.post("/api/fs/mkdir", map[string]string{"path": "/local/rodir"}).is(t, 403, "permission denied")
		ro.fsList("/local", "refresh", true).is(t, 403, "Refresh without permission")
		// Empty file.
		c.put("/local/empty.txt", "").ok(t)
		if g := c.fsGet("/local/empty.txt").ok(t).obj(t); g["size"] != 0.0 {
			t.Fatalf("empty: %v", g)
		}
		// No temp files are left behind.
		if left := stagedFiles(t, s); len(left) != 0 {
			t.Fatalf("temp files left: %v", left)
		}
	})
}

func TestForm(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("other", "ignored")
		fw, _ := mw.CreateFormFile("file", "client-name.bin")
		_, _ = fw.Write([]byte("form content"))
		_ = mw.Close()
		c.send(http.MethodPut, "/api/fs/form", &buf, "File-Path: /local/form%2Fup.txt", "Content-Type: "+mw.FormDataContentType()).ok(t)
		if b, _ := s.ReadFile("/local/form/up.txt"); string(b) != "form content" {
			t.Fatalf("form upload: %q", b)
		}
	})
}

func TestMkdirRemoveRename(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, Users: []User{{Username: "w", Password: "w-pw", Permission: PermWrite}}})
		c := adminClient(t, s)
		mkdir := func(p string) resp { return c.post("/api/fs/mkdir", map[string]string{"path": p}) }
		mkdir("/local/m1/m2/m3").ok(t)
		mkdir("/local/m1/m2/m3").ok(t)
		c.put("/local/task.txt", "t").ok(t)
		mkdir("/local/task.txt").is(t, 500, "file exists")
		mkdir("/local").ok(t)
		if fi, err := s.Stat("/local/m1/m2/m3"); err != nil || !fi.IsDir() {
			t.Fatal("mkdir did not create the folders")
		}

		d := c.post("/api/fs/dirs", map[string]string{"path": "/local"}).ok(t)
		var dirs []map[string]any
		_ = json.Unmarshal(d.Data, &dirs)
		if len(dirs) != 1 || dirs[0]["name"] != "m1" || keys(dirs[0]) != "modified name" {
			t.Fatalf("dirs %v", dirs)
		}

		rename := func(p, name string) resp {
			return c.post("/api/fs/rename", map[string]string{"path": p, "name": name})
		}
		rename("/local/task.txt", "renamed.txt").ok(t)
		missing := map[Flavor]string{OpenListV4: "failed to get src object: failed to get obj: object not found"}[fl]
		if missing == "" {
			missing = "failed to get src object: object not found"
		}
		rename("/local/nope.txt", "x.txt").is(t, 500, missing)
		c.put("/local/empty.txt", "").ok(t)
		if fl == AListV338 {
			rename("/local/renamed.txt", "empty.txt").ok(t)
			if s.Exists("/local/renamed.txt") {
				t.Fatal("rename did not replace")
			}
		} else {
			rename("/local/renamed.txt", "empty.txt").is(t, 403, "file [empty.txt] exists")
			c.post("/api/fs/rename", map[string]any{"path": "/local/renamed.txt", "name": "empty.txt", "overwrite": true}).ok(t)
		}
		rename("/local/empty.txt", "../escape.txt").is(t, 403, fl.msgRelativePath())

		remove := func(dir string, names ...string) resp {
			return c.post("/api/fs/remove", map[string]any{"dir": dir, "names": names})
		}
		remove("/local", "empty.txt", "does-not-exist.txt").ok(t)
		remove("/local/nodir", "x").ok(t)
		remove("/local").is(t, 400, "Empty file names")
		remove("/", "local").is(t, 500, fl.msgRemoveRoot())
		remove("/local", "m1").ok(t)
		if s.Exists("/local/m1") || s.Exists("/local/empty.txt") {
			t.Fatal("remove left files")
		}
		remove("/local", "../x").is(t, 403, fl.msgRelativePath())

		// A user without the rename/remove bits.
		w := newClient(t, s)
		w.login("w", "w-pw").ok(t)
		w.put("/local/w.txt", "w").ok(t)
		w.post("/api/fs/rename", map[string]string{"path": "/local/w.txt", "name": "v.txt"}).is(t, 403, "permission denied")
		w.post("/api/fs/remove", map[string]any{"dir": "/local", "names": []string{"w.txt"}}).is(t, 403, "permission denied")
	})
}

func TestMoveCopy(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, Storages: []string{"/local", "/other"}})
		c := adminClient(t, s)
		c.put("/local/a.txt", "a").ok(t)
		c.put("/local/dir/b.txt", "b").ok(t)
		c.post("/api/fs/mkdir", map[string]string{"path": "/local/dst"}).ok(t)
		mv := c.post("/api/fs/move", map[string]any{"src_dir": "/local", "dst_dir": "/local/dst", "names": []string{"a.txt"}}).ok(t)
		if (fl == OpenListV4) != (string(mv.Data) != "null") {
			t.Fatalf("move data %s", mv.Data)
		}
		if !s.Exists("/local/dst/a.txt") || s.Exists("/local/a.txt") {
			t.Fatal("move")
		}
		dstMissing := "failed to get dst dir: " + fl.msgNotFound()
		c.post("/api/fs/move", map[string]any{"src_dir": "/local/dst", "dst_dir": "/local/newdir", "names": []string{"a.txt"}}).
			is(t, 500, dstMissing)
		c.post("/api/fs/move", map[string]any{"src_dir": "/local", "dst_dir": "/local/dst", "names": []string{"zz.txt"}}).
			is(t, 500, "failed to get src object: "+fl.msgNotFound())
		// Between storages a copy is a task on every flavour (copy_test.go).
		cp := c.post("/api/fs/copy", map[string]any{"src_dir": "/local", "dst_dir": "/other", "names": []string{"dir"}}).ok(t).obj(t)
		s.WaitCopyTasks()
		if b, _ := s.ReadFile("/other/dir/b.txt"); string(b) != "b" || !s.Exists("/local/dir/b.txt") {
			t.Fatal("copy")
		}
		if tasks := cp["tasks"].([]any); len(tasks) != 1 {
			t.Fatalf("copy answer %v", cp)
		}
		c.post("/api/fs/copy", map[string]any{"src_dir": "/local", "dst_dir": "/other", "names": []string{}}).is(t, 400, "Empty file names")
		// Between storages AList refuses a move; OpenList would queue move
		// tasks, which the test server refuses to imitate.
		cross := map[Flavor]string{OpenListV4: errCrossStorageMoveOpenList.Error()}[fl]
		c.post("/api/fs/move", map[string]any{"src_dir": "/local/dst", "dst_dir": "/other", "names": []string{"a.txt"}}).
			is(t, 500, cmp.Or(cross, "can't move files between two storages, try to copy"))
		if s.Exists("/other/a.txt") || !s.Exists("/local/dst/a.txt") {
			t.Fatal("cross-storage move moved")
		}
		// A folder into itself.
		c.post("/api/fs/move", map[string]any{"src_dir": "/local", "dst_dir": "/local/dst", "names": []string{"dst"}}).
			is(t, 500, "the destination folder is a subfolder of the source folder")
		// Onto an existing name: v3.38 replaces, the others refuse unless
		// overwrite (OpenList's skip_existing leaves the source).
		c.put("/local/m.txt", "new").ok(t)
		c.put("/local/dst/m.txt", "old").ok(t)
		moveM := func(extra map[string]any) resp {
			body := map[string]any{"src_dir": "/local", "dst_dir": "/local/dst", "names": []string{"m.txt"}}
			maps.Copy(body, extra)
			return c.post("/api/fs/move", body)
		}
		if fl != AListV338 {
			moveM(nil).is(t, 403, "file [m.txt] exists")
			if b, _ := s.ReadFile("/local/dst/m.txt"); string(b) != "old" || !s.Exists("/local/m.txt") {
				t.Fatal("a refused move changed files")
			}
			if fl == OpenListV4 {
				moveM(map[string]any{"skip_existing": true}).ok(t)
				if !s.Exists("/local/m.txt") {
					t.Fatal("skip_existing moved")
				}
			}
			moveM(map[string]any{"overwrite": true}).ok(t)
		} else {
			moveM(nil).ok(t)
		}
		if b, _ := s.ReadFile("/local/dst/m.txt"); string(b) != "new" || s.Exists("/local/m.txt") {
			t.Fatal("move over an existing file")
		}
	})
}

func TestAdminBits(t *testing.T) {
	// An admin without the write bit: AList ignores the bits, OpenList not.
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, Admin: User{Username: "root", Password: "pw", Permission: PermSeeHides}})
		c := newClient(t, s)
		c.login("root", "pw").ok(t)
		r := c.put("/local/x.txt", "x")
		if fl == OpenListV4 {
			r.is(t, 403, "permission denied")
		} else {
			r.ok(t)
		}
		// A non-admin is refused the admin API.
		s2 := NewServer(t, Options{Flavor: fl, Users: []User{{Username: "u", Password: "p"}}})
		u := newClient(t, s2)
		u.login("u", "p").ok(t)
		u.get("/api/admin/task/upload/done").is(t, 403, "You are not an admin")
		u.get("/api/admin/user/list").is(t, 403, "You are not an admin")
	})
}

func TestBasePath(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, Users: []User{
			{Username: "bob", Password: "bob-pw", BasePath: "/local/bob", Permission: PermWrite | PermRemove},
		}})
		bob := newClient(t, s)
		bob.login("bob", "bob-pw").ok(t)
		l := bob.fsList("/").ok(t)
		if l.obj(t)["content"] != nil {
			t.Fatalf("bob's new folder: %s", l.raw)
		}
		// v3.62 takes a path starting with "/" as absolute; the others put
		// it below the base path.
		x, dir := "/x.txt", "/"
		if fl.absoluteUserPaths() {
			bob.put("/x.txt", "x").is(t, 403, "permission denied")
			x, dir = "/local/bob/x.txt", "/local/bob"
		}
		bob.put(x, "x").ok(t)
		if !s.Exists("/local/bob/x.txt") {
			t.Fatal("base path not applied")
		}
		if n := names(t, bob.fsList("/").ok(t)); !reflect.DeepEqual(n, []string{"x.txt"}) {
			t.Fatalf(`"/" lists %v, want the base folder's x.txt`, n)
		}
		g := bob.fsGet(x).ok(t).obj(t)
		if !strings.Contains(g["raw_url"].(string), "/p/local/bob/x.txt?sign=") {
			t.Fatalf("raw_url %v", g["raw_url"])
		}
		bob.fsGet("/../local").is(t, 403, fl.msgRelativePath())
		bob.post("/api/fs/remove", map[string]any{"dir": dir, "names": []string{"x.txt"}}).ok(t)
		if s.Exists("/local/bob/x.txt") {
			t.Fatal("remove with base path")
		}
	})
}

func TestCachingStorage(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, CachingStorages: []string{"/wd"}})
		c := adminClient(t, s)
		if err := s.WriteFile("/wd/f.txt", []byte("hello-alist\n")); err != nil {
			t.Fatal(err)
		}
		c.put("/wd/seed.txt", "hello-alist\n").ok(t)
		if n := names(t, c.fsList("/wd", "refresh", true).ok(t)); !reflect.DeepEqual(n, []string{"f.txt", "seed.txt"}) {
			t.Fatalf("refresh list %v", n)
		}
		c.put("/wd/new.txt", "hello-alist\n").ok(t)
		if fl == OpenListV4 {
			// OpenList puts its own upload into the cache.
			if g := c.fsGet("/wd/new.txt").ok(t).obj(t); g["size"] != 12.0 || g["provider"] != DriverCached {
				t.Fatalf("OpenList get after put: %v", g)
			}
		} else {
			c.fsGet("/wd/new.txt").is(t, 500, "object not found")
			if n := names(t, c.fsList("/wd").ok(t)); len(n) != 2 {
				t.Fatalf("stale list %v", n)
			}
			c.fsList("/wd", "refresh", true).ok(t)
			c.fsGet("/wd/new.txt").ok(t)
		}
		// Overwrite: AList keeps showing the old size until a refresh.
		c.put("/wd/new.txt", "second version, longer\n").ok(t)
		size := c.fsGet("/wd/new.txt").ok(t).obj(t)["size"]
		if want := map[bool]float64{true: 23, false: 12}[fl == OpenListV4]; size != want {
			t.Fatalf("size after overwrite %v, want %v", size, want)
		}
		c.fsList("/wd", "refresh", true).ok(t)
		if g := c.fsGet("/wd/new.txt").ok(t).obj(t); g["size"] != 23.0 {
			t.Fatalf("after refresh %v", g)
		}
		// Remove keeps the cache right everywhere.
		c.post("/api/fs/remove", map[string]any{"dir": "/wd", "names": []string{"new.txt"}}).ok(t)
		c.fsGet("/wd/new.txt").is(t, 500, fl.msgNotFound())
		// Changes behind the server's back stay invisible until a refresh.
		_ = s.WriteFile("/wd/behind.txt", []byte("b"))
		c.fsGet("/wd/behind.txt").is(t, 500, fl.msgNotFound())
		_ = s.RemoveFile("/wd/f.txt")
		c.fsGet("/wd/f.txt").ok(t)
		c.fsList("/wd", "refresh", true).ok(t)
		c.fsGet("/wd/behind.txt").ok(t)
		c.fsGet("/wd/f.txt").is(t, 500, fl.msgNotFound())
		// Local storages are never cached.
		_ = s.WriteFile("/wd2/x", nil) // no such storage
		if s.DiskPath("/wd2/x") != "" {
			t.Fatal("DiskPath without storage")
		}
	})
}

func TestAsTask(t *testing.T) {
	taskKeys := map[Flavor]string{
		AListV338:  "error id name progress state status",
		AListV362:  "creator creator_role end_time error id name progress start_time state status total_bytes",
		OpenListV4: "creator creator_role end_time error id name progress start_time state status total_bytes",
	}
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, TaskDelay: 150 * time.Millisecond})
		c := adminClient(t, s)
		r := c.put("/local/task.txt", "hello-alist\n", "As-Task: true").ok(t)
		var d struct{ Task map[string]any }
		_ = json.Unmarshal(r.Data, &d)
		if got := keys(d.Task); got != taskKeys[fl] {
			t.Fatalf("task keys %s", got)
		}
		if d.Task["name"] != "upload task.txt to [/local](/)" || d.Task["state"] != 0.0 || d.Task["status"] != "uploading" {
			t.Fatalf("task %v", d.Task)
		}
		// Not there yet.
		c.fsGet("/local/task.txt").is(t, 500, fl.msgNotFound())
		var undone []map[string]any
		_ = json.Unmarshal(c.get("/api/admin/task/upload/undone").ok(t).Data, &undone)
		if len(undone) != 1 {
			t.Fatalf("undone %v", undone)
		}
		s.WaitTasks()
		c.fsGet("/local/task.txt").ok(t)
		var done []map[string]any
		_ = json.Unmarshal(c.get("/api/admin/task/upload/done").ok(t).Data, &done)
		if len(done) != 1 || done[0]["state"] != 2.0 || done[0]["id"] != d.Task["id"] {
			t.Fatalf("done %v", done)
		}
		info := c.send(http.MethodPost, "/api/admin/task/upload/info?tid="+d.Task["id"].(string), nil).ok(t).obj(t)
		if info["state"] != 2.0 {
			t.Fatalf("info %v", info)
		}
		c.send(http.MethodPost, "/api/admin/task/upload/info?tid=nope", nil).is(t, 404, "task not found")

		// A task that fails: its parent is a file by the time it runs.
		r = c.put("/local/later/x.txt", "x", "As-Task: true").ok(t)
		_ = json.Unmarshal(r.Data, &d)
		_ = s.WriteFile("/local/later", []byte("a file"))
		s.WaitTasks()
		info = c.send(http.MethodPost, "/api/admin/task/upload/info?tid="+d.Task["id"].(string), nil).ok(t).obj(t)
		if info["state"] != 7.0 || info["error"] != "failed to make dir [/later]: file exists" {
			t.Fatalf("failed task %v", info)
		}
		if left := stagedFiles(t, s); len(left) != 0 {
			t.Fatalf("temp files left: %v", left)
		}
	})
}

func TestDownload(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		const p = "/local/dir a/hello world.txt"
		c.put(p, "hello-alist\n").ok(t)
		raw := c.fsGet(p).ok(t).obj(t)["raw_url"].(string)
		anon := newClient(t, s)
		for _, u := range []string{raw, strings.Replace(raw, "/p/", "/d/", 1)} {
			r := anon.get(strings.TrimPrefix(u, s.URL))
			if r.status != 200 || string(r.raw) != "hello-alist\n" {
				t.Fatalf("GET %s: %d %q", u, r.status, r.raw)
			}
		}
		// Range requests work (ServeContent).
		r := anon.get(strings.TrimPrefix(raw, s.URL), "Range: bytes=0-4")
		if r.status != 206 || string(r.raw) != "hello" {
			t.Fatalf("range: %d %q", r.status, r.raw)
		}
		bad := func(q, msg string) {
			t.Helper()
			r := anon.get("/d/local/dir%20a/hello%20world.txt" + q)
			if fl == OpenListV4 {
				if r.status != 401 || !strings.HasPrefix(r.ctype, "text/html") || !strings.Contains(string(r.raw), "<p>"+msg+"</p>") {
					t.Fatalf("OpenList bad sign %q: %d %s", q, r.status, r.raw)
				}
				return
			}
			r.is(t, 401, msg)
		}
		bad("", "expire missing")
		bad("?sign=abc:0", "sign invalid")
		bad("?sign=abc:x", "expire invalid")
		bad("?sign="+signWith(s.AdminToken(), p, time.Now().Add(-time.Hour).Unix()), "sign expired")
		bad("?sign="+signWith("other", p, 0), "sign invalid")
		if s.Count("/d") != 6 || s.Count("/p") != 2 {
			t.Fatalf("counts /d %d /p %d", s.Count("/d"), s.Count("/p"))
		}
	})
}

func TestLinkExpiration(t *testing.T) {
	s := NewServer(t, Options{LinkExpiration: time.Hour})
	c := adminClient(t, s)
	c.put("/local/x.txt", "x").ok(t)
	sign := c.fsGet("/local/x.txt").ok(t).obj(t)["sign"].(string)
	exp := time.Now().Add(time.Hour).Unix()
	if !strings.HasSuffix(sign, fmt.Sprintf(":%d", exp)) && !strings.HasSuffix(sign, fmt.Sprintf(":%d", exp-1)) {
		t.Fatalf("sign %s, want expiry about %d", sign, exp)
	}
	if r := newClient(t, s).get("/d/local/x.txt?sign=" + sign); string(r.raw) != "x" {
		t.Fatalf("expiring sign refused: %s", r.raw)
	}
}

func TestHTMLForUnknownRoutes(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		for _, rq := range [][2]string{
			{"GET", "/api/nope"}, {"GET", "/api/fs/put"}, {"POST", "/api/me"}, {"GET", "/api/auth/login"},
			{"DELETE", "/api/fs/mkdir"}, {"GET", "/"}, {"POST", "/api/admin/nothing/here"},
		} {
			r := c.send(rq[0], rq[1], nil)
			if r.status != 200 || r.ctype != "text/html" || !strings.Contains(string(r.raw), "<title>"+fl.siteTitle()+"</title>") {
				t.Fatalf("%s %s: %d %q", rq[0], rq[1], r.status, r.ctype)
			}
		}
		// fs/get and fs/list take any method.
		c.send("GET", "/api/fs/get?path=/local", nil).ok(t)
		if r := c.get("/ping"); string(r.raw) != "pong" {
			t.Fatalf("ping %q", r.raw)
		}
		set := newClient(t, s).get("/api/public/settings").ok(t).obj(t)
		if set["version"] != fl.Version() || set["site_title"] != fl.siteTitle() {
			t.Fatalf("settings %v", set)
		}
	})
}

func TestPaging(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		n := 600 // v3.62's paging rules need a big folder; the others a smaller one
		if fl == AListV362 {
			n = 2000
		}
		for i := 0; i < n; i++ {
			if err := s.WriteFile(fmt.Sprintf("/local/big/f%04d.txt", i), nil); err != nil {
				t.Fatal(err)
			}
		}
		c := adminClient(t, s)
		list := func(page, perPage int) map[string]any {
			return c.fsList("/local/big", "page", page, "per_page", perPage).ok(t).obj(t)
		}
		count := func(m map[string]any) int {
			l, _ := m["content"].([]any)
			return len(l)
		}
		first := func(m map[string]any) string { return m["content"].([]any)[0].(map[string]any)["name"].(string) }
		if fl != AListV362 {
			if m := list(1, 0); count(m) != n || m["total"] != float64(n) {
				t.Fatalf("per_page 0: %d", count(m))
			}
			if m := list(3, 250); count(m) != 100 || first(m) != "f0500.txt" {
				t.Fatalf("page 3: %d %s", count(m), first(m))
			}
			if m := list(4, 250); count(m) != 0 || m["content"] != nil {
				t.Fatalf("page 4: %v", m["content"])
			}
			return
		}
		m := list(1, 0)
		if count(m) != 200 || m["per_page"] != 200.0 || m["has_more"] != true || m["pages_total"] != 10.0 || m["total"] != 2000.0 {
			t.Fatalf("default page: %d %v %v %v", count(m), m["per_page"], m["has_more"], m["pages_total"])
		}
		if m := list(1, 1000); count(m) != 500 || m["per_page"] != 500.0 || m["pages_total"] != 4.0 {
			t.Fatalf("capped: %d", count(m))
		}
		if m := list(1, -1); count(m) != 2000 || m["has_more"] != false {
			t.Fatalf("all: %d", count(m))
		}
		seen := map[string]bool{}
		for p := 1; ; p++ {
			m := list(p, 300)
			for _, it := range m["content"].([]any) {
				seen[it.(map[string]any)["name"].(string)] = true
			}
			if m["has_more"] != true {
				if p != 7 || count(m) != 200 || first(m) != "f1800.txt" {
					t.Fatalf("last page %d has %d", p, count(m))
				}
				break
			}
		}
		if len(seen) != 2000 {
			t.Fatalf("pages gave %d names", len(seen))
		}
	})
}

func TestConcurrentRequests(t *testing.T) {
	s := NewServer(t, Options{Flavor: AListV362, CachingStorages: []string{"/wd"}})
	c := adminClient(t, s)
	var wg sync.WaitGroup
	for i := 0; i < 24; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			root := []string{"/local", "/wd"}[i%2]
			p := fmt.Sprintf("%s/d%d/f%d.txt", root, i%3, i)
			c.put(p, strings.Repeat("x", i)).ok(t)
			c.fsList(root+fmt.Sprintf("/d%d", i%3), "refresh", true).ok(t)
			if g := c.fsGet(p).ok(t).obj(t); g["size"] != float64(i) {
				t.Errorf("%s size %v", p, g["size"])
			}
			c.put(root+"/same.txt", fmt.Sprint(i)).ok(t)
		}(i)
	}
	wg.Wait()
	if left := stagedFiles(t, s); len(left) != 0 {
		t.Fatalf("temp files left: %v", left)
	}
}

// OpenList adds each upload to a caching storage's cached listing while
// others read it: every upload shows, and no reader sees a torn listing.
func TestConcurrentUploadsIntoCachedListing(t *testing.T) {
	s := NewServer(t, Options{Flavor: OpenListV4, CachingStorages: []string{"/wd"}})
	c := adminClient(t, s)
	c.put("/wd/d/first.txt", "x").ok(t)
	if n := names(t, c.fsList("/wd/d").ok(t)); len(n) != 1 { // cached from here on
		t.Fatalf("listing %v", n)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 25 {
				p := fmt.Sprintf("/wd/d/f%d-%02d.txt", i, j)
				c.put(p, "x").ok(t)
				c.fsGet(p).ok(t)
				c.fsList("/wd/d").ok(t)
			}
		})
	}
	wg.Wait()
	if n := names(t, c.fsList("/wd/d").ok(t)); len(n) != 201 {
		t.Fatalf("%d entries, want 201", len(n))
	}
}

func TestMountsAndGuest(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, Storages: []string{"/a/b", "/a/c", "/top"},
			Users: []User{{Username: "guest", Role: RoleGuest, Permission: PermWrite}}})
		c := adminClient(t, s)
		if n := names(t, c.fsList("/").ok(t)); !reflect.DeepEqual(n, []string{"a", "top"}) {
			t.Fatalf("root %v", n)
		}
		if n := names(t, c.fsList("/a").ok(t)); !reflect.DeepEqual(n, []string{"b", "c"}) {
			t.Fatalf("/a %v", n)
		}
		if g := c.fsGet("/a").ok(t).obj(t); g["is_dir"] != true || g["name"] != "a" {
			t.Fatalf("get /a %v", g)
		}
		c.put("/a/b/x.txt", "x").ok(t)
		if s.DiskPath("/a/b/x.txt") != filepath.Join(s.Dir(), "a", "b", "x.txt") || !s.Exists("/a/b/x.txt") {
			t.Fatal("nested mount on disk")
		}
		c.put("/a/x.txt", "x").is(t, 500, "failed get storage: storage not found; rawPath: /a")
		// An enabled guest works without a token, with its bits.
		g := newClient(t, s)
		g.put("/top/guest.txt", "g").ok(t)
		g.post("/api/fs/remove", map[string]any{"dir": "/top", "names": []string{"guest.txt"}}).is(t, 403, "permission denied")
		// fs/list also takes GET with query parameters.
		if n := names(t, g.get("/api/fs/list?path=/top")); !reflect.DeepEqual(n, []string{"guest.txt"}) {
			t.Fatalf("GET list %v", n)
		}
	})
}
