package alist_test

import (
	"encoding/json"
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
// use: the copier must not rely on either. Its tasks have all succeeded.
type copyFake struct {
	mu       sync.Mutex
	reversed bool                // answer the tasks in the reverse order of the names
	nameOf   func(string) string // a task's name for a file name
	ids      map[string]string   // file name → task id
}

func newCopyFake(t *testing.T, cf *copyFake) *alist.Session {
	cf.ids = map[string]string{}
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
		case "/api/fs/copy":
			var req struct{ Names []string }
			json.NewDecoder(r.Body).Decode(&req)
			var tasks []any
			for _, n := range req.Names {
				cf.ids[n] = fmt.Sprintf("task-%d", len(cf.ids))
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
