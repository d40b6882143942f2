package alist_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

const bobPass = "bob-pass-123"

// copyOptions: two Local storages, /local and /local2, and a non-admin
// "bob" who may read, write and copy.
func copyOptions(f alisttest.Flavor) alisttest.Options {
	return alisttest.Options{Flavor: f, Storages: []string{"/local", "/local2"},
		Users: []alisttest.User{{Username: "bob", Password: bobPass, BasePath: "/",
			Permission: alisttest.PermWrite | alisttest.PermCopy | alisttest.PermRemove}}}
}

func copyServer(t *testing.T, f alisttest.Flavor) *alisttest.Server {
	return alisttest.NewServer(t, copyOptions(f))
}

func bob(srv *alisttest.Server) alist.Config {
	c := admin(srv)
	c.Username, c.Password = "bob", bobPass
	return c
}

// srcTime is the modification time given to source files: a copy between
// storages keeps it.
var srcTime = time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC)

// writeSources stores files named names in dir, each holding its own path.
func writeSources(t *testing.T, srv *alisttest.Server, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		p := path.Join(dir, n)
		if err := srv.WriteFile(p, []byte("content of "+p)); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(srv.DiskPath(p), srcTime, srcTime); err != nil {
			t.Fatal(err)
		}
	}
}

func mustWrite(t *testing.T, srv *alisttest.Server, p, data string) {
	t.Helper()
	if err := srv.WriteFile(p, []byte(data)); err != nil {
		t.Fatal(err)
	}
}

// batch lists srcDir as the caller of a Copier does and copies all its files to dstDir.
func batch(t *testing.T, s *alist.Session, srcDir, dstDir string) alist.CopyBatch {
	t.Helper()
	items, err := s.List(context.Background(), srcDir, alist.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b := alist.CopyBatch{SrcDir: srcDir, DstDir: dstDir}
	for _, o := range items {
		if !o.IsDir {
			b.Files = append(b.Files, alist.CopyFile{Name: o.Name, Size: o.Size, Modified: o.Modified})
		}
	}
	return b
}

func newCopier(t *testing.T, s *alist.Session, opts alist.CopierOptions) *alist.Copier {
	t.Helper()
	c, err := s.NewCopier(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func outcomes(outs []alist.CopyOutcome) map[string]alist.CopyOutcome {
	m := map[string]alist.CopyOutcome{}
	for _, o := range outs {
		m[o.File.Name] = o
	}
	return m
}

// assertCopied checks that the file is at the destination with the
// source's bytes and modification time.
func assertCopied(t *testing.T, srv *alisttest.Server, src, dstDir string) {
	t.Helper()
	dst := path.Join(dstDir, path.Base(src))
	want, _ := srv.ReadFile(src)
	got, err := srv.ReadFile(dst)
	if err != nil || string(got) != string(want) {
		t.Errorf("%s: %q, %v; want %q", dst, got, err, want)
		return
	}
	if st, err := srv.Stat(dst); err != nil || !st.ModTime().Equal(srcTime) {
		t.Errorf("%s: modified %v, %v; want the source's %v", dst, st.ModTime(), err, srcTime)
	}
}

// Files of two folders are copied between storages by tasks followed to
// their end, one fs/copy per folder pair and free slots; a copy within a
// storage is made at once on AList and by tasks on OpenList.
func TestCopierCopies(t *testing.T) {
	forEachFlavor(t, copyOptions(0), func(t *testing.T, srv *alisttest.Server) {
		f := srv.Flavor()
		s := session(t, admin(srv))
		var names []string
		for i := range 12 {
			names = append(names, fmt.Sprintf("f%02d.txt", i))
		}
		writeSources(t, srv, "/local/src", names...)
		writeSources(t, srv, "/local/src/sub", "s1.txt", "s 2 [x](y).txt")
		c := newCopier(t, s, alist.CopierOptions{Overwrite: true})
		if c.Concurrency() != 5 || !c.CanSeeTasks() {
			t.Fatalf("concurrency %d, sees tasks %v; want the servers' default 5, true", c.Concurrency(), c.CanSeeTasks())
		}
		srv.ResetCounts()
		outs, err := c.Copy(context.Background(), []alist.CopyBatch{
			batch(t, s, "/local/src", "/local2/dst"),
			batch(t, s, "/local/src/sub", "/local2/dst/sub"),
		})
		if err != nil || len(outs) != 14 {
			t.Fatalf("copy: %d outcomes, %v", len(outs), err)
		}
		for _, o := range outs {
			if o.Err != nil || o.Attempts != 1 || o.TaskID == "" || o.Verified {
				t.Errorf("%s: %+v; want copied by a followed task at the first attempt", o.File.Name, o)
			}
			assertCopied(t, srv, path.Join(o.SrcDir, o.File.Name), o.DstDir)
		}
		// 14 small files in two folder pairs: all queued at once beyond the
		// server's 5 (QueueBytes), one call per folder pair.
		if n := srv.Count("/api/fs/copy"); n != 2 {
			t.Errorf("%d fs/copy calls; want one per folder pair", n)
		}
		for _, r := range []string{"/api/task/copy/retry", "/api/admin/task/copy/retry"} {
			if n := srv.Count(r); n != 0 {
				t.Errorf("%s called %d times", r, n)
			}
		}

		// Within one storage (its destination folder must exist).
		if err := s.Mkdir(context.Background(), "/local/same"); err != nil {
			t.Fatal(err)
		}
		outs, err = c.Copy(context.Background(), []alist.CopyBatch{batch(t, s, "/local/src/sub", "/local/same")})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range outs {
			if o.Err != nil || (o.TaskID == "") != (f != alisttest.OpenListV4) {
				t.Errorf("same storage %s: %+v; want task %v", o.File.Name, o, f == alisttest.OpenListV4)
			}
			if got, _ := srv.ReadFile("/local/same/" + o.File.Name); !strings.HasPrefix(string(got), "content of /local/src/sub/") {
				t.Errorf("same storage %s: %q", o.File.Name, got)
			}
		}
	})
}

// Beyond the server's concurrency, files are queued on the server while
// the files in flight hold at most QueueBytes: with every task held
// running, 5 files of 100 bytes are sent whatever their size and 3 more
// within 800 bytes; the rest follow as they end.
func TestCopierQueue(t *testing.T) {
	srv := copyServer(t, alisttest.AListV362)
	s := session(t, admin(srv))
	var releases []func()
	for i := range 12 {
		p := fmt.Sprintf("/local/src/f%02d.bin", i)
		mustWrite(t, srv, p, strings.Repeat("x", 100))
		if err := os.Chtimes(srv.DiskPath(p), srcTime, srcTime); err != nil {
			t.Fatal(err)
		}
		releases = append(releases, srv.StallCopy(p))
	}
	c := newCopier(t, s, alist.CopierOptions{Overwrite: true, QueueBytes: 800})
	srv.ResetCounts()
	done := make(chan []alist.CopyOutcome)
	go func() { done <- mustCopy(t, c, batch(t, s, "/local/src", "/local2/dst")) }()
	waitFor(t, func() bool { return srv.Count("/api/fs/copy") == 1 })
	time.Sleep(300 * time.Millisecond)
	undone, err := s.CopyTasks(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.Count("/api/fs/copy"); n != 1 || len(undone) != 8 {
		t.Errorf("while every task is held: %d fs/copy calls, %d tasks; want 1 call of 8 files", n, len(undone))
	}
	for _, release := range releases {
		release()
	}
	for _, o := range <-done {
		if o.Err != nil || o.Attempts != 1 {
			t.Errorf("%s: %+v", o.File.Name, o)
		}
		assertCopied(t, srv, path.Join(o.SrcDir, o.File.Name), o.DstDir)
	}
}

// No more files than the concurrency are in flight: while the first file's
// task is held running, a copier with one slot sends nothing else.
func TestCopierConcurrency(t *testing.T) {
	srv := copyServer(t, alisttest.AListV362)
	s := session(t, admin(srv))
	writeSources(t, srv, "/local/src", "a.txt", "b.txt", "c.txt")
	release := srv.StallCopy("/local/src/a.txt")
	c := newCopier(t, s, alist.CopierOptions{Overwrite: true, Concurrency: 1})
	srv.ResetCounts()
	done := make(chan []alist.CopyOutcome)
	go func() {
		outs, _ := c.Copy(context.Background(), []alist.CopyBatch{batch(t, s, "/local/src", "/local2")})
		done <- outs
	}()
	waitFor(t, func() bool { return srv.Count("/api/fs/copy") == 1 })
	time.Sleep(300 * time.Millisecond)
	if n := srv.Count("/api/fs/copy"); n != 1 || srv.Exists("/local2/b.txt") {
		t.Errorf("while a.txt runs: %d fs/copy calls, b.txt copied %v", n, srv.Exists("/local2/b.txt"))
	}
	release()
	for _, o := range <-done {
		if o.Err != nil {
			t.Errorf("%s: %v", o.File.Name, o.Err)
		}
	}
	if n := srv.Count("/api/fs/copy"); n != 3 {
		t.Errorf("%d fs/copy calls; want one per file with one slot", n)
	}
}

// A copy that fs/copy accepts and whose task then fails is reported failed
// with the server's error, and not copied again when the failure is final;
// the other files of the same call are copied.
func TestCopierTaskFailure(t *testing.T) {
	forEachFlavor(t, copyOptions(0), func(t *testing.T, srv *alisttest.Server) {
		s := session(t, admin(srv))
		writeSources(t, srv, "/local/src", "a.txt", "b.txt")
		mustWrite(t, srv, "/local2/blocker", "a file in the way")
		c := newCopier(t, s, alist.CopierOptions{Overwrite: true})
		srv.ResetCounts()
		outs, err := c.Copy(context.Background(), []alist.CopyBatch{batch(t, s, "/local/src", "/local2/blocker")})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range outs {
			var te *alist.TaskError
			if !errors.As(o.Err, &te) || !errors.Is(o.Err, alist.ErrParentIsFile) || te.TaskID != o.TaskID ||
				!strings.Contains(te.Message, "file exists") || o.Attempts != 1 {
				t.Errorf("%s: %+v (%v); want a final task failure", o.File.Name, o, o.Err)
			}
		}
		if n := srv.Count("/api/fs/copy"); n != 1 {
			t.Errorf("%d fs/copy calls; want 1", n)
		}

		// A source that is gone by the time its task runs.
		writeSources(t, srv, "/local/src2", "gone.txt", "kept.txt")
		b := batch(t, s, "/local/src2", "/local2/dst")
		if err := srv.RemoveFile("/local/src2/gone.txt"); err != nil {
			t.Fatal(err)
		}
		got := outcomes(mustCopy(t, c, b))
		if o := got["gone.txt"]; !errors.Is(o.Err, alist.ErrNotFound) || !strings.Contains(o.Err.Error(), "object not found") {
			t.Errorf("gone.txt: %v", o.Err)
		}
		if o := got["kept.txt"]; o.Err != nil {
			t.Errorf("kept.txt: %v", o.Err)
		}
		assertCopied(t, srv, "/local/src2/kept.txt", "/local2/dst")
	})
}

func mustCopy(t *testing.T, c *alist.Copier, b ...alist.CopyBatch) []alist.CopyOutcome {
	t.Helper()
	outs, err := c.Copy(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	return outs
}

// A task that fails for a reason that may pass is copied again with a new
// fs/copy, never retried on the server, up to Attempts.
func TestCopierCopiesAgain(t *testing.T) {
	forEachFlavor(t, copyOptions(0), func(t *testing.T, srv *alisttest.Server) {
		s := session(t, admin(srv))
		writeSources(t, srv, "/local/src", "flaky.txt", "down.txt")
		const reset = "read tcp 10.0.0.2:443: connection reset by peer"
		srv.FailCopy("/local/src/flaky.txt", reset, 3) // the first task's 3 runs
		srv.FailCopy("/local/src/down.txt", reset, 0)  // every run
		c := newCopier(t, s, alist.CopierOptions{Overwrite: true, Attempts: 2})
		srv.ResetCounts()
		got := outcomes(mustCopy(t, c, batch(t, s, "/local/src", "/local2")))
		if o := got["flaky.txt"]; o.Err != nil || o.Attempts != 2 {
			t.Errorf("flaky.txt: %+v", o)
		}
		assertCopied(t, srv, "/local/src/flaky.txt", "/local2")
		if o := got["down.txt"]; o.Attempts != 2 || o.Err == nil || !strings.Contains(o.Err.Error(), reset) {
			t.Errorf("down.txt: %+v", o)
		}
		for _, r := range []string{"/api/task/copy/retry", "/api/admin/task/copy/retry"} {
			if n := srv.Count(r); n != 0 {
				t.Errorf("%s called %d times", r, n)
			}
		}

		// fs/copy's answer lost on the way: sent again.
		writeSources(t, srv, "/local/src3", "x.txt")
		srv.FailNextOn("/api/fs/copy", 1, alisttest.FaultHTTP502)
		o := mustCopy(t, c, batch(t, s, "/local/src3", "/local2/x"))[0]
		if o.Err != nil || o.Attempts != 2 {
			t.Errorf("after a 502: %+v", o)
		}
		assertCopied(t, srv, "/local/src3/x.txt", "/local2/x")
	})
}

// A task the server forgets (a restart of v3.62 or OpenList) is looked for
// at the destination and, not being there, copied again; one forgotten at
// every attempt is ErrTaskLost.
func TestCopierForgottenTask(t *testing.T) {
	forEachFlavor(t, copyOptions(0), func(t *testing.T, srv *alisttest.Server) {
		s := session(t, admin(srv))
		writeSources(t, srv, "/local/src", "a.txt")
		release := srv.StallCopy("/local/src/a.txt")
		c := newCopier(t, s, alist.CopierOptions{Overwrite: true, PollInterval: 50 * time.Millisecond})
		srv.ResetCounts()
		done := make(chan alist.CopyOutcome)
		go func() { done <- mustCopy(t, c, batch(t, s, "/local/src", "/local2"))[0] }()
		waitFor(t, func() bool { return srv.Count("/api/fs/copy") == 1 })
		srv.ForgetCopyTasks()
		release()
		o := <-done
		if o.Err != nil || o.Attempts != 2 {
			t.Errorf("forgotten once: %+v", o)
		}
		assertCopied(t, srv, "/local/src/a.txt", "/local2")

		writeSources(t, srv, "/local/src", "b.txt")
		srv.VanishCopy("/local/src/b.txt")
		b := alist.CopyBatch{SrcDir: "/local/src", DstDir: "/local2", Files: []alist.CopyFile{{Name: "b.txt", Size: 1, Modified: srcTime}}}
		o = mustCopy(t, c, b)[0]
		if !errors.Is(o.Err, alist.ErrTaskLost) || o.Attempts != alist.DefaultCopyAttempts {
			t.Errorf("forgotten always: %+v", o)
		}
	})
}

// A task canceled on the server is reported canceled and not copied again.
func TestCopierCanceledTask(t *testing.T) {
	forEachFlavor(t, copyOptions(0), func(t *testing.T, srv *alisttest.Server) {
		s := session(t, admin(srv))
		other := session(t, admin(srv)) // the web UI
		writeSources(t, srv, "/local/src", "a.txt")
		release := srv.StallCopy("/local/src/a.txt")
		c := newCopier(t, s, alist.CopierOptions{Overwrite: true})
		done := make(chan alist.CopyOutcome)
		go func() { done <- mustCopy(t, c, batch(t, s, "/local/src", "/local2"))[0] }()
		var id string
		waitFor(t, func() bool {
			tasks, err := other.CopyTasks(context.Background(), false)
			for _, tk := range tasks {
				if tk.State == alist.TaskRunning && tk.Src == "/local/src/a.txt" && tk.DstDir == "/local2" {
					id = tk.ID
				}
			}
			return err == nil && id != ""
		})
		if err := other.CancelCopyTask(context.Background(), id); err != nil {
			t.Fatal(err)
		}
		release()
		o := <-done
		if !errors.Is(o.Err, alist.ErrTaskCanceled) || o.Attempts != 1 || o.TaskID != id {
			t.Errorf("%+v (%v)", o, o.Err)
		}
	})
}

// The context's end stops the copier, which says what it had not
// confirmed.
func TestCopierDeadline(t *testing.T) {
	srv := copyServer(t, alisttest.OpenListV4)
	s := session(t, admin(srv))
	writeSources(t, srv, "/local/src", "a.txt", "b.txt")
	release := srv.StallCopy("/local/src/a.txt")
	defer release()
	c := newCopier(t, s, alist.CopierOptions{Overwrite: true})
	b := batch(t, s, "/local/src", "/local2")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	outs, err := c.Copy(ctx, []alist.CopyBatch{b})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
	got := outcomes(outs)
	if o := got["a.txt"]; !errors.Is(o.Err, context.DeadlineExceeded) {
		t.Errorf("a.txt: %+v", o)
	}
	if o := got["b.txt"]; o.Err != nil {
		t.Errorf("b.txt: %+v", o)
	}
}

// Without overwrite, v3.62 and OpenList refuse a call naming a file that
// exists at the destination as a whole: each name is then sent alone, so
// that only that file fails. v3.38 overwrites.
func TestCopierExistingName(t *testing.T) {
	forEachFlavor(t, copyOptions(0), func(t *testing.T, srv *alisttest.Server) {
		f := srv.Flavor()
		s := session(t, admin(srv))
		writeSources(t, srv, "/local/src", "a.txt", "b.txt", "c.txt")
		mustWrite(t, srv, "/local2/b.txt", "old")
		c := newCopier(t, s, alist.CopierOptions{})
		got := outcomes(mustCopy(t, c, batch(t, s, "/local/src", "/local2")))
		for _, n := range []string{"a.txt", "c.txt"} {
			if o := got[n]; o.Err != nil || o.Attempts != 1 {
				t.Errorf("%s: %+v", n, o)
			}
			assertCopied(t, srv, "/local/src/"+n, "/local2")
		}
		o := got["b.txt"]
		if f == alisttest.AListV338 {
			if o.Err != nil {
				t.Errorf("b.txt: %v", o.Err)
			}
			assertCopied(t, srv, "/local/src/b.txt", "/local2")
			return
		}
		if !errors.Is(o.Err, alist.ErrAlreadyExists) || o.Attempts != 1 {
			t.Errorf("b.txt: %+v", o)
		}
		if data, _ := srv.ReadFile("/local2/b.txt"); string(data) != "old" {
			t.Errorf("b.txt overwritten: %q", data)
		}
	})
}

// A non-admin follows his own tasks on v3.62 and OpenList; on v3.38,
// which shows him none, his copies are confirmed by listing the
// destination, and a copy that never shows fails after StallTimeout.
func TestCopierNonAdmin(t *testing.T) {
	forEachFlavor(t, copyOptions(0), func(t *testing.T, srv *alisttest.Server) {
		f := srv.Flavor()
		s := session(t, bob(srv))
		writeSources(t, srv, "/local/src", "a.txt", "b.txt")
		mustWrite(t, srv, "/local2/blocker", "in the way")
		c := newCopier(t, s, alist.CopierOptions{Overwrite: true, StallTimeout: 400 * time.Millisecond})
		hidden := f == alisttest.AListV338
		if c.CanSeeTasks() == hidden {
			t.Fatalf("sees tasks: %v", c.CanSeeTasks())
		}
		srv.ResetCounts()
		for _, o := range mustCopy(t, c, batch(t, s, "/local/src", "/local2/dst")) {
			if o.Err != nil || o.Verified != hidden || o.TaskID == "" {
				t.Errorf("%s: %+v", o.File.Name, o)
			}
			assertCopied(t, srv, "/local/src/"+o.File.Name, "/local2/dst")
		}
		if hidden && srv.Count("/api/admin/task/copy/undone")+srv.Count("/api/task/copy/undone") != 0 {
			t.Error("task routes asked where the account cannot see tasks")
		}
		o := mustCopy(t, c, batch(t, s, "/local/src", "/local2/blocker"))[0]
		if hidden && !errors.Is(o.Err, alist.ErrCopyUnverified) || !hidden && !errors.Is(o.Err, alist.ErrParentIsFile) {
			t.Errorf("blocked: %v", o.Err)
		}
	})
}

// copy_task_threads_num is the default concurrency; 0 (tasks never start)
// is refused with the fix.
func TestCopierServerConcurrency(t *testing.T) {
	for _, f := range []alisttest.Flavor{alisttest.AListV362, alisttest.OpenListV4} {
		t.Run(f.String(), func(t *testing.T) {
			srv := copyServer(t, f)
			s := session(t, admin(srv))
			ctx := context.Background()
			st, err := s.Setting(ctx, "copy_task_threads_num")
			if err != nil {
				t.Fatal(err)
			}
			st.Value = "3"
			if err := s.SaveSetting(ctx, st); err != nil {
				t.Fatal(err)
			}
			if c := newCopier(t, s, alist.CopierOptions{}); c.Concurrency() != 3 {
				t.Errorf("concurrency %d; want the setting's 3", c.Concurrency())
			}
			st.Value = "0"
			if err := s.SaveSetting(ctx, st); err != nil {
				t.Fatal(err)
			}
			if _, err := s.NewCopier(ctx, alist.CopierOptions{}); err == nil || !strings.Contains(err.Error(), "copy_task_threads_num setting is 0") {
				t.Errorf("threads 0: %v", err)
			}
			if c := newCopier(t, session(t, bob(srv)), alist.CopierOptions{}); c.Concurrency() != 5 {
				t.Errorf("non-admin: concurrency %d; want the default 5", c.Concurrency())
			}
		})
	}
}

// The task routes per dialect: typed tasks with the paths of their names,
// info of an unknown id, delete.
func TestCopyTaskRoutes(t *testing.T) {
	forEachFlavor(t, copyOptions(0), func(t *testing.T, srv *alisttest.Server) {
		s := session(t, admin(srv))
		ctx := context.Background()
		writeSources(t, srv, "/local/src", "a.txt")
		res, err := s.Copy(ctx, "/local/src", "/local2/d", true, "a.txt")
		if err != nil || len(res.Tasks) != 1 {
			t.Fatalf("copy: %+v, %v", res, err)
		}
		tk := res.Tasks[0]
		if tk.Verb != "copy" || tk.Src != "/local/src/a.txt" || tk.DstDir != "/local2/d" || len(tk.ID) != 21 {
			t.Errorf("queued task %+v", tk)
		}
		srv.WaitCopyTasks()
		done, err := s.CopyTasks(ctx, true)
		if err != nil || len(done) != 1 || done[0].ID != tk.ID || done[0].State != alist.TaskSucceeded || done[0].Src != tk.Src {
			t.Errorf("done: %+v, %v", done, err)
		}
		if _, err := s.CopyTask(ctx, "no-such-id"); !errors.Is(err, alist.ErrNotFound) {
			t.Errorf("info of an unknown id: %v", err)
		}
		if err := s.DeleteCopyTask(ctx, tk.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteCopyTask(ctx, tk.ID); err != nil {
			t.Errorf("delete again: %v", err)
		}
		if _, err := s.CopyTask(ctx, tk.ID); !errors.Is(err, alist.ErrNotFound) {
			t.Errorf("info after delete: %v", err)
		}
	})
}

// A task canceled after it succeeded stays "canceling" for ever on AList:
// the copier finds the file at the destination instead of waiting.
func TestCopierParkedTask(t *testing.T) {
	for _, f := range []alisttest.Flavor{alisttest.AListV338, alisttest.AListV362} {
		t.Run(f.String(), func(t *testing.T) {
			srv := copyServer(t, f)
			s := session(t, admin(srv))
			other := session(t, admin(srv)) // the web UI
			writeSources(t, srv, "/local/src", "a.txt")
			c := newCopier(t, s, alist.CopierOptions{Overwrite: true})
			route := "/api/task/copy/undone"
			if f == alisttest.AListV338 {
				route = "/api/admin/task/copy/undone"
			}
			var cancelErr error
			srv.Hook(route, 1, func() {
				srv.WaitCopyTasks()
				done, err := other.CopyTasks(context.Background(), true)
				if err != nil || len(done) != 1 {
					cancelErr = fmt.Errorf("done tasks %+v, %v", done, err)
					return
				}
				cancelErr = other.CancelCopyTask(context.Background(), done[0].ID)
			})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			outs, err := c.Copy(ctx, []alist.CopyBatch{batch(t, s, "/local/src", "/local2")})
			if err != nil || cancelErr != nil {
				t.Fatal(err, cancelErr)
			}
			if o := outs[0]; o.Err != nil || !o.Verified {
				t.Errorf("%+v", o)
			}
			undone, _ := other.CopyTasks(context.Background(), false)
			if len(undone) != 1 || undone[0].State != alist.TaskCanceling {
				t.Errorf("undone %+v; want the parked task", undone)
			}
		})
	}
}

// A restart mid-copy: v3.62 and OpenList forget the running task, whose
// file is copied again; v3.38 runs it again itself. Every file arrives,
// and the calls that meet the restart are waited out.
func TestCopierRestart(t *testing.T) {
	forEachFlavor(t, copyOptions(0), func(t *testing.T, srv *alisttest.Server) {
		f := srv.Flavor()
		s := session(t, admin(srv))
		writeSources(t, srv, "/local/src", "a.txt", "b.txt")
		release := srv.StallCopy("/local/src/a.txt")
		c := newCopier(t, s, alist.CopierOptions{Overwrite: true, PollInterval: 50 * time.Millisecond})
		srv.ResetCounts()
		done := make(chan []alist.CopyOutcome)
		go func() { done <- mustCopy(t, c, batch(t, s, "/local/src", "/local2")) }()
		waitFor(t, func() bool { return srv.Count("/api/fs/copy") == 1 })
		srv.Restart(100*time.Millisecond, 100*time.Millisecond)
		time.Sleep(150 * time.Millisecond) // the restart has stopped the task
		release()
		got := outcomes(<-done)
		wantA := 1
		if f != alisttest.AListV338 {
			wantA = 2
		}
		if o := got["a.txt"]; o.Err != nil || o.Attempts != wantA {
			t.Errorf("a.txt: %+v", o)
		}
		if o := got["b.txt"]; o.Err != nil || o.Attempts != 1 {
			t.Errorf("b.txt: %+v", o)
		}
		assertCopied(t, srv, "/local/src/a.txt", "/local2")
		assertCopied(t, srv, "/local/src/b.txt", "/local2")
	})
}

// A non-admin whose base path the server prepends (v3.38, OpenList) has
// his tasks matched by the paths the server writes in their names.
func TestCopierBasePath(t *testing.T) {
	srv := alisttest.NewServer(t, alisttest.Options{Flavor: alisttest.OpenListV4,
		Users: []alisttest.User{{Username: "bob", Password: bobPass, BasePath: "/local",
			Permission: alisttest.PermWrite | alisttest.PermCopy}}})
	s := session(t, bob(srv))
	writeSources(t, srv, "/local/src", "a.txt", "b.txt")
	if err := srv.Mkdir("/local/dst"); err != nil {
		t.Fatal(err)
	}
	c := newCopier(t, s, alist.CopierOptions{Overwrite: true})
	for _, o := range mustCopy(t, c, batch(t, s, "/src", "/dst")) {
		tk, err := s.CopyTask(context.Background(), o.TaskID)
		if o.Err != nil || err != nil || tk.Src != "/local/src/"+o.File.Name || tk.DstDir != "/local/dst" {
			t.Errorf("%s: %+v, task %+v, %v", o.File.Name, o, tk, err)
		}
		assertCopied(t, srv, "/local/src/"+o.File.Name, "/local/dst")
	}
}
