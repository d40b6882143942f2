package alisttest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// Tests of fs/copy and its tasks per flavour (copy.go); the task routes
// are in tasks_test.go.

// copyServer is a server with /local and /other, a source tree in
// /local/src (a.txt, d/x.txt, d/sub/y.txt, emptydir) with known mtimes,
// and the admin logged in.
func copyServer(t *testing.T, fl Flavor, opts ...func(*Options)) (*Server, *client) {
	t.Helper()
	o := Options{Flavor: fl, Storages: []string{"/local", "/other"}}
	for _, f := range opts {
		f(&o)
	}
	s := NewServer(t, o)
	c := adminClient(t, s)
	c.put("/local/src/a.txt", "hello-a", "Last-Modified: 1700000000000").ok(t)
	c.put("/local/src/d/x.txt", "xx", "Last-Modified: 1700000100000").ok(t)
	c.put("/local/src/d/sub/y.txt", "yyy", "Last-Modified: 1700000200000").ok(t)
	c.post("/api/fs/mkdir", map[string]string{"path": "/local/src/emptydir"}).ok(t)
	return s, c
}

// copyReq posts fs/copy; extra adds fields (overwrite, skip_existing, merge).
func (c *client) copy(src, dst string, names []string, extra ...any) resp {
	c.t.Helper()
	body := map[string]any{"src_dir": src, "dst_dir": dst, "names": names}
	for i := 0; i+1 < len(extra); i += 2 {
		body[extra[i].(string)] = extra[i+1]
	}
	return c.post("/api/fs/copy", body)
}

// copied is the tasks an fs/copy answer lists (nil when it has none).
func copied(t *testing.T, r resp) []map[string]any {
	t.Helper()
	var d struct{ Tasks []map[string]any }
	if err := json.Unmarshal(r.Data, &d); err != nil {
		t.Fatalf("copy answer %s: %v", r.raw, err)
	}
	return d.Tasks
}

// taskList is a task list of the admin route, sorted by name.
func (c *client) taskList(which string) []map[string]any {
	c.t.Helper()
	var list []map[string]any
	if err := json.Unmarshal(c.get("/api/admin/task/copy/"+which).ok(c.t).Data, &list); err != nil {
		c.t.Fatal(err)
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i]["name"].(string) < list[j]["name"].(string) })
	return list
}

func (c *client) taskInfo(prefix, tid string) map[string]any {
	c.t.Helper()
	return c.post(prefix+"/copy/info?tid="+tid, nil).ok(c.t).obj(c.t)
}

// names lists the tasks' "name|state".
func taskLines(list []map[string]any) []string {
	var out []string
	for _, t := range list {
		out = append(out, taskLine(t))
	}
	return out
}

func taskLine(t map[string]any) string {
	return t["name"].(string) + "|" + strings.TrimSuffix(strings.TrimSuffix(jsonText(t["state"]), ".0"), "\n")
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func mustRead(t *testing.T, s *Server, p string) string {
	t.Helper()
	b, err := s.ReadFile(p)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return string(b)
}

func mtime(t *testing.T, s *Server, p string) time.Time {
	t.Helper()
	fi, err := s.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.ModTime()
}

func TestCopyBetweenStorages(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, c := copyServer(t, fl)
		r := c.copy("/local/src", "/other", []string{"a.txt", "d", "emptydir"}).ok(t)
		got := copied(t, r)
		if len(got) != 3 || got[0]["name"] != "copy [/local](/src/a.txt) to [/other](/)" || got[0]["state"] != 0.0 ||
			got[0]["status"] != "" || got[0]["error"] != "" {
			t.Fatalf("copy answer %s", r.raw)
		}
		if _, has := got[0]["start_time"]; has != (fl != AListV338) || got[0]["start_time"] != nil {
			t.Fatalf("copy answer %s", r.raw)
		}
		if msg := r.obj(t)["message"]; (fl == OpenListV4) != (msg == "Successfully created 3 copy task(s)") {
			t.Fatalf("message %v", msg)
		}
		s.WaitCopyTasks()
		// One task per object: the folders' tasks queued one per entry.
		want := []string{
			"copy [/local](/src/a.txt) to [/other](/)|2",
			"copy [/local](/src/d) to [/other](/)|2",
			"copy [/local](/src/d/sub) to [/other](/d)|2",
			"copy [/local](/src/d/sub/y.txt) to [/other](/d/sub)|2",
			"copy [/local](/src/d/x.txt) to [/other](/d)|2",
			"copy [/local](/src/emptydir) to [/other](/)|2",
		}
		done := c.taskList("done")
		if strings.Join(taskLines(done), "\n") != strings.Join(want, "\n") {
			t.Fatalf("done tasks\n%s\nwant\n%s", strings.Join(taskLines(done), "\n"), strings.Join(want, "\n"))
		}
		if st := done[1]["status"]; st != "src object is dir, added all copy tasks of objs" {
			t.Fatalf("folder status %v", st)
		}
		// Small files: progress stays 0, the status is the last step's.
		fileStatus := map[Flavor]string{AListV338: "getting src object", AListV362: "getting src object", OpenListV4: "uploading"}[fl]
		if done[0]["progress"] != 0.0 || done[0]["status"] != fileStatus {
			t.Fatalf("file task %v", done[0])
		}
		if fl != AListV338 && done[0]["total_bytes"] != 7.0 {
			t.Fatalf("total_bytes %v", done[0]["total_bytes"])
		}
		if mustRead(t, s, "/other/a.txt") != "hello-a" || mustRead(t, s, "/other/d/sub/y.txt") != "yyy" ||
			!s.Exists("/local/src/a.txt") {
			t.Fatal("not copied")
		}
		// Files keep their mtime, folders get the copy's, an empty folder
		// is never made.
		if !mtime(t, s, "/other/d/x.txt").Equal(time.UnixMilli(1700000100000)) {
			t.Fatalf("mtime %v", mtime(t, s, "/other/d/x.txt"))
		}
		if time.Since(mtime(t, s, "/other/d")) > time.Minute {
			t.Fatal("folder mtime kept")
		}
		if s.Exists("/other/emptydir") {
			t.Fatal("empty folder made")
		}
	})
}

func TestCopyWithinStorage(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, c := copyServer(t, fl)
		c.post("/api/fs/mkdir", map[string]string{"path": "/local/same"}).ok(t)
		r := c.copy("/local/src", "/local/same", []string{"a.txt", "d"}).ok(t)
		tasks := copied(t, r)
		if fl == OpenListV4 {
			// No reflink on this disk: the files are copied by tasks.
			if len(tasks) != 2 || tasks[1]["name"] != "copy [/local](/src/d) to [/local](/same)" {
				t.Fatalf("copy answer %s", r.raw)
			}
		} else if string(r.Data) != `{"tasks":[]}` {
			t.Fatalf("copy answer %s", r.raw)
		}
		s.WaitCopyTasks()
		if mustRead(t, s, "/local/same/d/sub/y.txt") != "yyy" {
			t.Fatal("not copied")
		}
		// v3.38 makes new files (the copy's time); the others keep it.
		kept := mtime(t, s, "/local/same/a.txt").Equal(time.UnixMilli(1700000000000))
		if kept == (fl == AListV338) {
			t.Fatalf("mtime %v", mtime(t, s, "/local/same/a.txt"))
		}
		// v3.62 keeps the folders' too.
		srcDir := mtime(t, s, "/local/src/d/sub")
		if mtime(t, s, "/local/same/d/sub").Equal(srcDir) != (fl == AListV362) {
			t.Fatal("folder mtime")
		}
		if fl != OpenListV4 {
			return
		}
		// OpenList copies a folder without files at once.
		r = c.copy("/local/src", "/local/same", []string{"emptydir"}).ok(t)
		if string(r.Data) != `{"message":"Copy operations completed immediately"}` || !s.Exists("/local/same/emptydir") {
			t.Fatalf("empty folder: %s", r.raw)
		}
	})
}

func TestCopyExistingName(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, c := copyServer(t, fl)
		c.copy("/local/src", "/other", []string{"a.txt", "d"}).ok(t)
		s.WaitCopyTasks()
		c.put("/local/src/a.txt", "hello-a-version-2").ok(t)
		c.put("/local/src/d/new.txt", "new").ok(t)
		r := c.copy("/local/src", "/other", []string{"a.txt"})
		if fl == AListV338 {
			// No check at all: the copy overwrites.
			r.ok(t)
			s.WaitCopyTasks()
			if mustRead(t, s, "/other/a.txt") != "hello-a-version-2" {
				t.Fatal("not overwritten")
			}
			c.copy("/local/src", "/other", []string{"d"}).ok(t) // a folder merges
			s.WaitCopyTasks()
			if !s.Exists("/other/d/new.txt") {
				t.Fatal("folder not merged")
			}
			return
		}
		r.is(t, 403, "file [a.txt] exists")
		c.copy("/local/src", "/other", []string{"d"}).is(t, 403, "file [d] exists")
		// Every name is checked before anything starts.
		c.copy("/local/src", "/other", []string{"emptydir", "a.txt"}).is(t, 403, "file [a.txt] exists")
		if len(c.taskList("undone"))+len(c.taskList("done")) != 5 || mustRead(t, s, "/other/a.txt") != "hello-a" {
			t.Fatal("something was copied")
		}
		// skip_existing with the same size: v3.62 runs a task that skips,
		// OpenList drops the name.
		if err := s.WriteFile("/other/a.txt", []byte("hello-a-version-X")); err != nil {
			t.Fatal(err)
		}
		r = c.copy("/local/src", "/other", []string{"a.txt"}, "skip_existing", true).ok(t)
		s.WaitCopyTasks()
		if fl == AListV362 {
			info := c.taskInfo("/api/task", copied(t, r)[0]["id"].(string))
			if info["status"] != "skipped: destination file already exists" || info["progress"] != 100.0 || info["state"] != 2.0 {
				t.Fatalf("skip task %v", info)
			}
		} else if string(r.Data) != `{"message":"Copy operations completed immediately"}` {
			t.Fatalf("skip answer %s", r.raw)
		}
		if mustRead(t, s, "/other/a.txt") != "hello-a-version-X" {
			t.Fatal("skipped file overwritten")
		}
		// skip_existing with another size: v3.62 overwrites, OpenList skips.
		if err := s.WriteFile("/other/a.txt", []byte("short")); err != nil {
			t.Fatal(err)
		}
		c.copy("/local/src", "/other", []string{"a.txt"}, "skip_existing", true).ok(t)
		s.WaitCopyTasks()
		if got, want := mustRead(t, s, "/other/a.txt"), map[bool]string{true: "hello-a-version-2", false: "short"}[fl == AListV362]; got != want {
			t.Fatalf("after skip_existing: %q, want %q", got, want)
		}
		c.copy("/local/src", "/other", []string{"a.txt"}, "overwrite", true).ok(t)
		s.WaitCopyTasks()
		if mustRead(t, s, "/other/a.txt") != "hello-a-version-2" {
			t.Fatal("overwrite")
		}
		if fl != OpenListV4 {
			return
		}
		// OpenList's merge: into the existing folder, existing files kept.
		if err := s.WriteFile("/other/d/x.txt", []byte("dst-x")); err != nil {
			t.Fatal(err)
		}
		r = c.copy("/local/src", "/other", []string{"d"}, "merge", true).ok(t)
		if copied(t, r)[0]["name"] != "merge [/local](/src/d) to [/other](/)" {
			t.Fatalf("merge answer %s", r.raw)
		}
		s.WaitCopyTasks()
		if mustRead(t, s, "/other/d/new.txt") != "new" || mustRead(t, s, "/other/d/x.txt") != "dst-x" {
			t.Fatal("merge")
		}
		var merges []string
		for _, l := range taskLines(c.taskList("done")) {
			if strings.HasPrefix(l, "merge") {
				merges = append(merges, l)
			}
		}
		want := "merge [/local](/src/d) to [/other](/)|2 merge [/local](/src/d/new.txt) to [/other](/d)|2 merge [/local](/src/d/sub) to [/other](/d)|2"
		if strings.Join(merges, " ") != want {
			t.Fatalf("merge tasks %v", merges)
		}
	})
}

func TestCopyErrors(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, c := copyServer(t, fl)
		nf := fl.msgNotFound()
		c.copy("/local/src", "/other", []string{}).is(t, 400, "Empty file names")
		c.copy("/local/src", "/nowhere", []string{"a.txt"}).is(t, 500, "failed get dst storage: storage not found; rawPath: /nowhere")
		c.copy("/local/src", "/local/missing", []string{"a.txt"}).is(t, 500, "failed to get dst dir: "+nf)
		c.copy("/local/src", "/local", []string{"no.txt"}).is(t, 500, "failed to get src object: "+nf)
		c.copy("/local/src", "/local/src/d", []string{"d"}).is(t, 500, "the destination folder is a subfolder of the source folder")
		// Between storages the answer is a success; the task fails later.
		missing := copied(t, c.copy("/local/src", "/other", []string{"no.txt"}).ok(t))[0]["id"].(string)
		if err := s.WriteFile("/other/blocker", []byte("a file")); err != nil {
			t.Fatal(err)
		}
		blocked := copied(t, c.copy("/local/src", "/other/blocker", []string{"a.txt"}).ok(t))[0]["id"].(string)
		// A missing destination folder is made.
		c.copy("/local/src", "/other/new/dir", []string{"a.txt"}).ok(t)
		s.WaitCopyTasks()
		if info := c.taskInfo("/api/admin/task", missing); info["state"] != 7.0 || info["error"] != "failed get src [/src/no.txt] file: "+nf {
			t.Fatalf("missing source: %v", info)
		}
		if info := c.taskInfo("/api/admin/task", blocked); info["state"] != 7.0 || info["error"] != "failed to make dir [/blocker]: file exists" {
			t.Fatalf("file in the way: %v", info)
		}
		if mustRead(t, s, "/other/new/dir/a.txt") != "hello-a" {
			t.Fatal("missing folder not made")
		}
		// A non-admin without the copy permission.
		if fl != AListV362 {
			s2 := NewServer(t, Options{Flavor: fl, Users: []User{{Username: "u", Password: "p", Permission: PermWrite}}})
			u := newClient(t, s2)
			u.login("u", "p").ok(t)
			u.copy("/local", "/local", []string{"x"}).is(t, 403, "permission denied")
		}
	})
}

func TestCopyFaults(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, c := copyServer(t, fl)
		// A task fails after its 3 runs; a failure of 2 runs is overcome.
		s.FailCopy("/local/src/a.txt", "disk full", 3)
		id := copied(t, c.copy("/local/src", "/other", []string{"a.txt"}).ok(t))[0]["id"].(string)
		s.WaitCopyTasks()
		if info := c.taskInfo("/api/admin/task", id); info["state"] != 7.0 || info["error"] != "disk full" || s.Exists("/other/a.txt") {
			t.Fatalf("failed task %v", info)
		}
		s.FailCopy("/local/src/a.txt", "flaky", 2)
		c.post("/api/admin/task/copy/retry?tid="+id, nil).ok(t)
		s.WaitCopyTasks()
		if info := c.taskInfo("/api/admin/task", id); info["state"] != 2.0 || info["error"] != "" || !s.Exists("/other/a.txt") {
			t.Fatalf("transient failure %v", info)
		}
		// A stalled task stays running; a cancel waits for it to return,
		// then AList fails it with "context canceled", OpenList cancels it.
		release := s.StallCopy("/local/src/d/x.txt")
		c.copy("/local/src", "/other", []string{"d"}).ok(t)
		s.WaitCopyTasks()
		var x map[string]any
		for _, it := range c.taskList("undone") {
			if it["name"] == "copy [/local](/src/d/x.txt) to [/other](/d)" {
				x = it
			}
		}
		if x == nil || x["state"] != 1.0 {
			t.Fatalf("stalled task %v", c.taskList("undone"))
		}
		xid := x["id"].(string)
		c.post("/api/admin/task/copy/cancel?tid="+xid, nil).ok(t)
		if info := c.taskInfo("/api/admin/task", xid); info["state"] != 3.0 {
			t.Fatalf("canceling %v", info)
		}
		release()
		s.WaitCopyTasks()
		info := c.taskInfo("/api/admin/task", xid)
		want := map[bool]float64{true: 4, false: 7}[fl == OpenListV4]
		if info["state"] != want || info["error"] != "context canceled" || s.Exists("/other/d/x.txt") {
			t.Fatalf("canceled while running: %v", info)
		}
		if !s.Exists("/other/d/sub/y.txt") {
			t.Fatal("the other tasks did not run")
		}
		// A vanishing task leaves nothing, in no list.
		s.VanishCopy("/local/src/emptydir")
		c.copy("/local/src", "/other", []string{"emptydir"}).ok(t)
		s.WaitCopyTasks()
		for _, l := range append(taskLines(c.taskList("done")), taskLines(c.taskList("undone"))...) {
			if strings.Contains(l, "emptydir") {
				t.Fatalf("vanished task listed: %s", l)
			}
		}
	})
}

func TestCopyConcurrency(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, c := copyServer(t, fl)
		if fl == AListV338 {
			// No setting; 5 tasks at once.
			c.get("/api/admin/setting/get?key=copy_task_threads_num").is(t, 400, "record not found")
			var files []string
			for _, n := range []string{"1", "2", "3", "4", "5", "6"} {
				c.put("/local/many/f"+n, n).ok(t)
				files = append(files, "f"+n)
				defer s.StallCopy("/local/many/f" + n)()
			}
			c.copy("/local/many", "/other", files).ok(t)
			s.WaitCopyTasks()
			states := map[float64]int{}
			for _, it := range c.taskList("undone") {
				states[it["state"].(float64)]++
			}
			if states[1] != 5 || states[0] != 1 {
				t.Fatalf("states %v", states)
			}
			return
		}
		setThreads := func(n string) {
			c.post("/api/admin/setting/save", []settingItem{{Key: "copy_task_threads_num", Value: n, Type: "number", Group: 11, Flag: 1}}).ok(t)
		}
		setThreads("0")
		// No worker: the tasks stay pending and nothing is copied.
		first := copied(t, c.copy("/local/src", "/other", []string{"a.txt"}).ok(t))[0]["id"].(string)
		s.WaitCopyTasks()
		if info := c.taskInfo("/api/task", first); info["state"] != 0.0 || info["start_time"] != nil || s.Exists("/other/a.txt") {
			t.Fatalf("pending %v", info)
		}
		c.post("/api/task/copy/cancel?tid="+first, nil).ok(t)
		if info := c.taskInfo("/api/task", first); info["state"] != 3.0 {
			t.Fatalf("canceled while pending %v", info)
		}
		// A task queued before its destination storage was disabled still
		// writes there.
		second := copied(t, c.copy("/local/src", "/other", []string{"a.txt"}).ok(t))[0]["id"].(string)
		c.post("/api/admin/storage/disable?id=2", nil).ok(t)
		setThreads("5") // applied at once
		s.WaitCopyTasks()
		if info := c.taskInfo("/api/task", first); info["state"] != 4.0 || info["error"] != "context canceled" || info["start_time"] != nil {
			t.Fatalf("canceled pending task %v", info)
		}
		if info := c.taskInfo("/api/task", second); info["state"] != 2.0 {
			t.Fatalf("second task %v", info)
		}
		if b, err := os.ReadFile(filepath.Join(s.Dir(), "other", "a.txt")); err != nil || string(b) != "hello-a" {
			t.Fatalf("disabled storage's folder: %q %v", b, err)
		}
		// A retried task waits for a worker as "waiting retry".
		c.post("/api/admin/storage/enable?id=2", nil).ok(t)
		setThreads("0")
		c.post("/api/task/copy/retry?tid="+second, nil).ok(t)
		if info := c.taskInfo("/api/task", second); info["state"] != 8.0 || info["error"] != "" {
			t.Fatalf("retried task %v", info)
		}
		setThreads("2")
		s.WaitCopyTasks()
		if info := c.taskInfo("/api/task", second); info["state"] != 2.0 {
			t.Fatalf("retried task %v", info)
		}
	})
}

func TestCopyProgressAndSkipWithin(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, c := copyServer(t, fl)
		// Progress is bytes / (size/100): 100 once a file of 100 bytes or
		// more is done, 0 for a smaller one.
		c.put("/local/src/big.bin", strings.Repeat("b", 1000)).ok(t)
		c.copy("/local/src", "/other", []string{"big.bin", "a.txt"}).ok(t)
		s.WaitCopyTasks()
		progress := map[string]any{}
		for _, it := range c.taskList("done") {
			progress[it["name"].(string)] = it["progress"]
		}
		if progress["copy [/local](/src/big.bin) to [/other](/)"] != 100.0 || progress["copy [/local](/src/a.txt) to [/other](/)"] != 0.0 {
			t.Fatalf("progress %v", progress)
		}
		if fl != AListV362 {
			return
		}
		// v3.62's skip_existing within a storage: a file of the same size
		// is skipped at once, another size overwritten.
		c.post("/api/fs/mkdir", map[string]string{"path": "/local/same"}).ok(t)
		if err := s.WriteFile("/local/same/a.txt", []byte("HELLO-A")); err != nil {
			t.Fatal(err)
		}
		if r := c.copy("/local/src", "/local/same", []string{"a.txt"}, "skip_existing", true).ok(t); string(r.Data) != `{"tasks":[]}` ||
			mustRead(t, s, "/local/same/a.txt") != "HELLO-A" {
			t.Fatalf("skip within: %s", r.raw)
		}
		if err := s.WriteFile("/local/same/a.txt", []byte("short")); err != nil {
			t.Fatal(err)
		}
		c.copy("/local/src", "/local/same", []string{"a.txt"}, "skip_existing", true).ok(t)
		if mustRead(t, s, "/local/same/a.txt") != "hello-a" {
			t.Fatal("another size not overwritten")
		}
	})
}

// v3.62 asks for the copy permission at the source folder only: the role
// scopes that contain it.
func TestCopyPermissionAtSource(t *testing.T) {
	t.Parallel()
	s, admin := copyServer(t, AListV362)
	scopeRole(t, admin, "w", "/", PermWrite) // admin_role_test.go
	scopeRole(t, admin, "cp", "/local/src", PermCopy)
	admin.post("/api/admin/user/create", map[string]any{"username": "m", "password": "p", "role": []int{4, 5}}).ok(t)
	c := newClient(t, s)
	c.login("m", "p").ok(t)
	c.copy("/local/src", "/other", []string{"a.txt"}).ok(t)
	s.WaitCopyTasks()
	if mustRead(t, s, "/other/a.txt") != "hello-a" {
		t.Fatal("not copied")
	}
	c.copy("/other", "/local/src", []string{"a.txt"}, "overwrite", true).is(t, 403, "permission denied")
}

// A copy task's put into a caching storage: AList leaves the cached
// listing stale until a refresh, OpenList adds the file.
func TestCopyIntoCachingStorage(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, c := copyServer(t, fl, func(o *Options) { o.CachingStorages = []string{"/wd"} })
		listed := func(refresh bool) bool {
			return strings.Join(names(t, c.fsList("/wd", "refresh", refresh).ok(t)), " ") == "a.txt"
		}
		listed(false) // cached now
		c.copy("/local/src", "/wd", []string{"a.txt"}).ok(t)
		s.WaitCopyTasks()
		if !s.Exists("/wd/a.txt") || listed(false) != (fl == OpenListV4) {
			t.Fatalf("listing after the copy: %v", listed(false))
		}
		if !listed(true) {
			t.Fatal("not listed after a refresh")
		}
	})
}

// Copies counts each file a copy wrote, by a task or at once, and a failed
// task's runs not at all.
func TestCopyCounts(t *testing.T) {
	for _, fl := range []Flavor{AListV338, AListV362, OpenListV4} {
		t.Run(fl.String(), func(t *testing.T) {
			s, c := copyServer(t, fl)
			c.copy("/local/src", "/other", []string{"a.txt", "d"}).ok(t)
			c.copy("/local/src", "/local", []string{"a.txt"}, "overwrite", true).ok(t) // within a storage
			s.WaitCopyTasks()
			s.FailCopy("/local/src/d/x.txt", "the disk is full", 0)
			c.copy("/local/src/d", "/other/failed", []string{"x.txt"}).ok(t)
			s.WaitCopyTasks()
			got := []int{s.Copies("/local/src/a.txt"), s.Copies("/local/src/d/x.txt"), s.Copies("/local/src/d/sub/y.txt"), s.CopiesTotal()}
			if want := []int{2, 1, 1, 4}; !slices.Equal(got, want) {
				t.Fatalf("copies of a.txt, x.txt, y.txt and in all: %v, want %v", got, want)
			}
			s.ResetCounts()
			if n := s.CopiesTotal(); n != 0 {
				t.Fatalf("after ResetCounts: %d copies", n)
			}
		})
	}
}
