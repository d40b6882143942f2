package alisttest

import (
	"encoding/json"
	"strings"
	"testing"
)

// Tests of the task routes per flavour (tasks.go), with copy tasks.

func TestTaskRoutes(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, c := copyServer(t, fl)
		isPage := func(r resp) bool { return r.status == 200 && strings.HasPrefix(r.ctype, "text/html") }
		// The task types each flavour has; any other is the web UI's page.
		for typ, want := range map[string]bool{
			"upload": true, "copy": true, "offline_download": true, "offline_download_transfer": true,
			"move": fl == OpenListV4, "s3_transition": fl == AListV362, "decompress": fl != AListV338,
		} {
			if r := c.get("/api/admin/task/" + typ + "/undone"); isPage(r) == want {
				t.Errorf("%s: %s", typ, r.raw)
			}
		}
		// The user routes and the *_some calls: not on v3.38.
		if r := c.get("/api/task/copy/undone"); isPage(r) != (fl == AListV338) {
			t.Errorf("/api/task: %s", r.raw)
		}
		if r := c.send("POST", "/api/admin/task/copy/delete_some", strings.NewReader(`["x"]`)); isPage(r) != (fl == AListV338) {
			t.Errorf("delete_some: %s", r.raw)
		}
		// Unknown tids: info 404 everywhere; cancel, delete and retry
		// succeed on v3.38.
		c.post("/api/admin/task/copy/info?tid=nope", nil).is(t, 404, "task not found")
		c.post("/api/admin/task/copy/info", nil).is(t, 404, "task not found")
		for _, op := range []string{"cancel", "delete", "retry"} {
			r := c.post("/api/admin/task/copy/"+op+"?tid=nope", nil)
			if fl == AListV338 {
				r.ok(t)
			} else {
				r.is(t, 404, "task not found")
			}
		}
		// Lists come in random order.
		c.copy("/local/src", "/other", []string{"a.txt", "d", "emptydir"}).ok(t)
		s.WaitCopyTasks()
		orders := map[string]bool{}
		for range 20 {
			var list []map[string]any
			_ = json.Unmarshal(c.get("/api/admin/task/copy/done").ok(t).Data, &list)
			var ids []string
			for _, it := range list {
				ids = append(ids, it["id"].(string))
			}
			orders[strings.Join(ids, " ")] = true
		}
		if len(orders) < 2 {
			t.Errorf("the same order 20 times")
		}
		if fl == AListV338 {
			return
		}
		// *_some: a bare array of tids; the answer maps the missing ones.
		done := c.taskList("done")
		r := c.send("POST", "/api/task/copy/delete_some", strings.NewReader(`["nope","`+done[0]["id"].(string)+`"]`))
		if r.ok(t); string(r.Data) != `{"nope":"task not found"}` || len(c.taskList("done")) != len(done)-1 {
			t.Fatalf("delete_some: %s", r.raw)
		}
		c.send("POST", "/api/task/copy/cancel_some", strings.NewReader(`{"tids":["x"]}`)).is(t, 400, "invalid request format")
		if r := c.send("POST", "/api/task/copy/retry_some", strings.NewReader(`[]`)).ok(t); string(r.Data) != `{}` {
			t.Fatalf("retry_some: %s", r.raw)
		}
	})
}

func TestTaskCancelRetryClear(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, c := copyServer(t, fl)
		id := copied(t, c.copy("/local/src", "/other", []string{"a.txt"}).ok(t))[0]["id"].(string)
		failed := copied(t, c.copy("/local/src", "/other", []string{"no.txt"}).ok(t))[0]["id"].(string)
		s.WaitCopyTasks()
		// Cancel of a succeeded task: AList parks it at canceling for ever
		// (undone; clear_done leaves it), OpenList changes nothing.
		c.post("/api/admin/task/copy/cancel?tid="+id, nil).ok(t)
		c.post("/api/admin/task/copy/clear_done", nil).ok(t)
		undone := taskLines(c.taskList("undone"))
		if fl == OpenListV4 {
			if len(undone) != 0 || len(c.taskList("done")) != 0 {
				t.Fatalf("cancel of a finished task: undone %v", undone)
			}
			return
		}
		if strings.Join(undone, " ") != "copy [/local](/src/a.txt) to [/other](/)|3" || len(c.taskList("done")) != 0 {
			t.Fatalf("undone %v, done %v", undone, taskLines(c.taskList("done")))
		}
		// retry runs any task again, a succeeded one included: the copy
		// deleted meanwhile is back.
		if err := s.RemoveFile("/other/a.txt"); err != nil {
			t.Fatal(err)
		}
		c.post("/api/admin/task/copy/retry?tid="+id, nil).ok(t)
		s.WaitCopyTasks()
		if info := c.taskInfo("/api/admin/task", id); info["state"] != 2.0 || !s.Exists("/other/a.txt") {
			t.Fatalf("retry %v", info)
		}
		c.post("/api/admin/task/copy/delete?tid="+id, nil).ok(t)
		c.post("/api/admin/task/copy/info?tid="+id, nil).is(t, 404, "task not found")
		// clear_done removed the failed one; retry_failed re-runs state 7.
		c.post("/api/admin/task/copy/info?tid="+failed, nil).is(t, 404, "task not found")
		bad := copied(t, c.copy("/local/src", "/other", []string{"no.txt"}).ok(t))[0]["id"].(string)
		ok := copied(t, c.copy("/local/src", "/other", []string{"d"}).ok(t))[0]["id"].(string)
		s.WaitCopyTasks()
		if err := s.WriteFile("/local/src/no.txt", []byte("now here")); err != nil {
			t.Fatal(err)
		}
		c.post("/api/admin/task/copy/retry_failed", nil).ok(t)
		s.WaitCopyTasks()
		if info := c.taskInfo("/api/admin/task", bad); info["state"] != 2.0 || mustRead(t, s, "/other/no.txt") != "now here" {
			t.Fatalf("retry_failed %v", info)
		}
		// clear_succeeded leaves the others.
		c.failedCopy(s, "/local/src/a.txt")
		c.post("/api/admin/task/copy/clear_succeeded", nil).ok(t)
		c.post("/api/admin/task/copy/info?tid="+ok, nil).is(t, 404, "task not found")
		if left := taskLines(c.taskList("done")); strings.Join(left, " ") != "copy [/local](/src/a.txt) to [/other](/)|7" {
			t.Fatalf("after clear_succeeded %v", left)
		}
	})
}

// failedCopy queues a copy of src to /other that fails.
func (c *client) failedCopy(s *Server, src string) {
	c.t.Helper()
	s.FailCopy(src, "broken", 3)
	dir, name := src[:strings.LastIndex(src, "/")], src[strings.LastIndex(src, "/")+1:]
	c.copy(dir, "/other", []string{name}, "overwrite", true).ok(c.t)
	s.WaitCopyTasks()
}

func TestTaskVisibility(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, admin := copyServer(t, fl, func(o *Options) {
			o.Users = []User{{Username: "bob", Password: "bobpw", Permission: 0xFF}}
		})
		bob := newClient(t, s)
		bob.login("bob", "bobpw").ok(t)
		mine := copied(t, bob.copy("/local/src", "/other", []string{"a.txt"}).ok(t))[0]
		theirs := copied(t, admin.copy("/local/src/d", "/other", []string{"x.txt"}).ok(t))[0]
		s.WaitCopyTasks()
		bob.get("/api/admin/task/copy/done").is(t, 403, "You are not an admin")
		if fl == AListV338 {
			// v3.38: a non-admin copies but sees no task at all.
			if r := bob.get("/api/task/copy/done"); !strings.HasPrefix(r.ctype, "text/html") {
				t.Fatalf("user route %s", r.raw)
			}
			if len(admin.taskList("done")) != 2 {
				t.Fatal("admin's list")
			}
			return
		}
		if mine["creator"] != "bob" || theirs["creator"] != "admin" {
			t.Fatalf("creators %v %v", mine["creator"], theirs["creator"])
		}
		wantRole := map[Flavor]string{AListV362: "[", OpenListV4: "0"}[fl]
		if !strings.HasPrefix(jsonText(mine["creator_role"]), wantRole) {
			t.Fatalf("creator_role %v", mine["creator_role"])
		}
		var list []map[string]any
		_ = json.Unmarshal(bob.get("/api/task/copy/done").ok(t).Data, &list)
		if len(list) != 1 || list[0]["id"] != mine["id"] {
			t.Fatalf("bob's list %v", list)
		}
		tid := theirs["id"].(string)
		bob.post("/api/task/copy/info?tid="+tid, nil).is(t, 404, "task not found")
		bob.post("/api/task/copy/delete?tid="+tid, nil).is(t, 404, "task not found")
		_ = json.Unmarshal(admin.get("/api/task/copy/done").ok(t).Data, &list)
		if len(list) != 2 {
			t.Fatalf("admin's list on the user route %v", list)
		}
		newClient(t, s).get("/api/task/copy/done").is(t, 401, "Guest user is disabled, login please")
		// bob's clear_done removes only his tasks.
		bob.post("/api/task/copy/clear_done", nil).ok(t)
		if left := taskLines(admin.taskList("done")); strings.Join(left, " ") != "copy [/local](/src/d/x.txt) to [/other](/)|2" {
			t.Fatalf("after bob's clear_done %v", left)
		}
		// With the guest enabled, a request without a token is the guest's.
		g := NewServer(t, Options{Flavor: fl, Users: []User{{Username: "guest", Role: RoleGuest}}})
		newClient(t, g).get("/api/task/copy/done").is(t, 403, "You are a guest")
	})
}

func TestTaskRestart(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, c := copyServer(t, fl)
		ok := copied(t, c.copy("/local/src", "/other", []string{"a.txt"}).ok(t))[0]["id"].(string)
		bad := copied(t, c.copy("/local/src", "/other", []string{"no.txt"}).ok(t))[0]["id"].(string)
		s.WaitCopyTasks()
		c.post("/api/admin/task/copy/cancel?tid="+ok, nil).ok(t) // AList: parked at canceling
		s.Restart(0, 0)
		c.login(DefaultAdminUsername, DefaultAdminPassword).ok(t)
		done, undone := c.taskList("done"), c.taskList("undone")
		if fl != AListV338 {
			// v3.62 and OpenList forget every task.
			if len(done)+len(undone) != 0 {
				t.Fatalf("tasks after a restart: %v %v", done, undone)
			}
			return
		}
		// v3.38 keeps them: a canceling one comes back canceled, a failed
		// one without its error, and no status.
		if len(undone) != 0 || len(done) != 2 {
			t.Fatalf("tasks after a restart: %v %v", done, undone)
		}
		for _, it := range done {
			switch it["id"] {
			case ok:
				if it["state"] != 4.0 || it["error"] != "context canceled" || it["status"] != "" {
					t.Fatalf("canceling task %v", it)
				}
			case bad:
				if it["state"] != 7.0 || it["error"] != "" || it["status"] != "" {
					t.Fatalf("failed task %v", it)
				}
			}
		}
	})
}

func TestTaskRestartRunning(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, c := copyServer(t, fl)
		release := s.StallCopy("/local/src/a.txt")
		id := copied(t, c.copy("/local/src", "/other", []string{"a.txt"}).ok(t))[0]["id"].(string)
		s.WaitCopyTasks()
		s.Restart(0, 0)
		release()
		s.WaitCopyTasks()
		c.login(DefaultAdminUsername, DefaultAdminPassword).ok(t)
		r := c.post("/api/admin/task/copy/info?tid="+id, nil)
		if fl != AListV338 {
			// Forgotten, and its copy never made.
			if r.is(t, 404, "task not found"); s.Exists("/other/a.txt") {
				t.Fatal("a forgotten task copied")
			}
			return
		}
		// v3.38's new process runs the unfinished task again.
		if info := r.ok(t).obj(t); info["state"] != 2.0 || !s.Exists("/other/a.txt") {
			t.Fatalf("after the restart %v", info)
		}
	})
}
