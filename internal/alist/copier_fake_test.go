package alist_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// copyFake is a v3.62 whose fs/copy answers its tasks in an order and
// with names that the test chooses, shapes no real server was seen to
// use: the copier must not rely on either. Its tasks have ended: succeeded,
// or failed for the first task of a file in failFirst.
type copyFake struct {
	mu       sync.Mutex
	reversed bool                // answer the tasks in the reverse order of the names
	nameOf   func(string) string // a task's name for a file name
	ids      map[string]string   // file name → task id
	// failFirst: a file's first task ends failed with this error text
	failFirst map[string]string
	failed    map[string]string // task id → its error text
}

func newCopyFake(t *testing.T, cf *copyFake) *alist.Session {
	cf.ids, cf.failed = map[string]string{}, map[string]string{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cf.mu.Lock()
		defer cf.mu.Unlock()
		var data any
		switch r.URL.Path {
		case "/api/public/settings":
			data = map[string]any{"version": "v3.62.0"}
		case "/api/auth/login/hash":
			data = map[string]any{"token": "jwt"}
		case "/api/me":
			data = map[string]any{"id": 1, "username": "admin", "base_path": "/", "role": []int{2}}
		case "/api/admin/setting/get":
			data = map[string]any{"key": "copy_task_threads_num", "value": "5"}
		case "/api/task/copy/undone":
			data = []any{}
		case "/api/task/copy/info":
			id := r.URL.Query().Get("tid")
			for name, tid := range cf.ids {
				if tid == id {
					data = map[string]any{"id": id, "name": cf.nameOf(name), "state": alist.TaskSucceeded}
				}
			}
			if msg, ok := cf.failed[id]; ok {
				data = map[string]any{"id": id, "state": alist.TaskFailed, "error": msg}
			}
		case "/api/fs/copy":
			var req struct{ Names []string }
			json.NewDecoder(r.Body).Decode(&req)
			var tasks []any
			for _, n := range req.Names {
				cf.ids[n] = fmt.Sprintf("task-%d", len(cf.ids)+len(cf.failed))
				if msg, ok := cf.failFirst[n]; ok {
					delete(cf.failFirst, n)
					cf.failed[cf.ids[n]] = msg
				}
				tasks = append(tasks, map[string]any{"id": cf.ids[n], "name": cf.nameOf(n), "state": alist.TaskPending})
			}
			if cf.reversed {
				slices.Reverse(tasks)
			}
			data = map[string]any{"tasks": tasks}
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"code": 200, "message": "success", "data": data})
	}))
	t.Cleanup(ts.Close)
	return session(t, alist.Config{URL: ts.URL, Username: "admin", Password: adminPass})
}

// Each file gets its own task whatever the order of fs/copy's answer (by
// the paths in the names), and names of an unknown shape are paired in order.
func TestCopierMatchesTasks(t *testing.T) {
	for _, tc := range []struct {
		what     string
		reversed bool
		nameOf   func(string) string
	}{
		{"answer in reverse order", true, func(n string) string { return "copy [/local](/src/" + n + ") to [/local2](/)" }},
		{"names of another shape", false, func(n string) string { return "kopie " + n }},
	} {
		t.Run(tc.what, func(t *testing.T) {
			cf := &copyFake{reversed: tc.reversed, nameOf: tc.nameOf}
			s := newCopyFake(t, cf)
			c := newCopier(t, s, alist.CopierOptions{Overwrite: true})
			b := alist.CopyBatch{SrcDir: "/local/src", DstDir: "/local2"}
			for _, n := range []string{"a.txt", "b.txt", "c.txt"} {
				b.Files = append(b.Files, alist.CopyFile{Name: n})
			}
			for _, o := range mustCopy(t, c, b) {
				cf.mu.Lock()
				want := cf.ids[o.File.Name]
				cf.mu.Unlock()
				if o.Err != nil || o.TaskID != want {
					t.Errorf("%s: %+v; want task %s", o.File.Name, o, want)
				}
			}
		})
	}
}

// A failed task whose error text is empty (AList v3.38 forgets the texts
// of failed tasks when it restarts) is copied again; one with a final
// error is not.
func TestCopierFailureWithoutText(t *testing.T) {
	cf := &copyFake{failFirst: map[string]string{"a.txt": "", "b.txt": "failed to make dir [/x]: file exists"},
		nameOf: func(n string) string { return "copy [/local](/src/" + n + ") to [/local2](/)" }}
	c := newCopier(t, newCopyFake(t, cf), alist.CopierOptions{Overwrite: true})
	b := alist.CopyBatch{SrcDir: "/local/src", DstDir: "/local2", Files: []alist.CopyFile{{Name: "a.txt"}, {Name: "b.txt"}}}
	got := outcomes(mustCopy(t, c, b))
	if o := got["a.txt"]; o.Err != nil || o.Attempts != 2 {
		t.Errorf("a.txt: %+v", o)
	}
	if o := got["b.txt"]; !errors.Is(o.Err, alist.ErrParentIsFile) || o.Attempts != 1 {
		t.Errorf("b.txt: %+v", o)
	}
}
