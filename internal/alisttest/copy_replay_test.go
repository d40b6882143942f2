package alisttest

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Replay of the tasks transcripts (copy, tasks, move, rename,
// recursive_move; see testdata/README.md), with the recording's users:
// bob's requests of section 2h as bob. OpenList's move tasks between
// storages are not imitated (this server refuses such a move), so its
// section 3b, the two requests of section 4 that look at what it moved,
// and its part 2 (sections 6a-6e) are left out.

// tasksReplayPlan replays a tasks transcript: exchanges 1..admin as the
// admin, then sections 2h and 5 with each request's user (bobs lists the
// exchanges bob sent), then the ranges of sections 3 and 4 in moves (from,
// to pairs), then from restart on.
func tasksReplayPlan(file string, first2h, last2h int, bobs []int, restart, last int, moves ...[2]int) replayPlan {
	segs := []segment{{file: file, from: 1, to: first2h - 1}}
	isBob := map[int]bool{}
	for _, n := range bobs {
		isBob[n] = true
	}
	for n := first2h; n <= last2h; n++ {
		seg := segment{file: file, from: n, to: n}
		if isBob[n] {
			seg.user, seg.password = "bob", "bob-pass-123"
		}
		segs = append(segs, seg)
	}
	for _, m := range moves {
		segs = append(segs, segment{file: file, from: m[0], to: m[1]})
	}
	segs = append(segs, segment{file: file, from: restart, to: last})
	return replayPlan{name: "tasks", tasks: true, segments: segs,
		setup: func(s *Server) error { return os.MkdirAll(filepath.Join(s.Dir(), "disk2"), 0o755) }}
}

// local2Dir is <DIR2> of the tasks transcripts: the folder of /local2,
// which the transcript mounts through the API.
func (r *replayer) local2Dir() string { return filepath.Join(r.s.Dir(), "disk2") }

// virtualOf turns a transcript's disk path into the path the server shows.
func virtualOf(p string) string {
	p = strings.Replace(p, "<DIR2>", "/local2", 1)
	return strings.Replace(p, "<DIR>", "/local", 1)
}

// diskOf turns a transcript's disk path into this server's.
func (r *replayer) diskOf(p string) string {
	p = strings.Replace(p, "<DIR2>", r.local2Dir(), 1)
	return filepath.FromSlash(strings.Replace(p, "<DIR>", r.localDir(), 1))
}

func writeDisk(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// settle waits after each request for the copy tasks it started: the
// recorder's next request came later than the real server's tasks took.
func (r *replayer) settle(*exchange) { r.s.WaitCopyTasks() }

// poll repeats a polled request until its state is the recorded one.
func (r *replayer) poll(x *exchange, req *http.Request, res *http.Response, got []byte) (*http.Request, *http.Response, []byte) {
	want := stateOf([]byte(x.body))
	for deadline := time.Now().Add(5 * time.Second); stateOf(got) != want && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
		req, res, got = r.do(x)
	}
	return req, res, got
}

var stateRE = regexp.MustCompile(`"state":(\d+)`)

func stateOf(body []byte) string {
	if m := stateRE.FindSubmatch(body); m != nil {
		return string(m[1])
	}
	return ""
}

// mapTids puts this server's task ids in place of the recording's.
func (r *replayer) mapTids(s string) string {
	for theirs, ours := range r.tids {
		s = strings.ReplaceAll(s, theirs, ours)
	}
	return s
}

// collectTids learns the ids of the tasks fs/copy answered, in order.
func collectTids(x *exchange, theirs, ours any, into map[string]string) {
	if !strings.HasPrefix(x.target, "/api/fs/copy") {
		return
	}
	tl, _ := theirs.(map[string]any)["tasks"].([]any)
	ol, _ := ours.(map[string]any)["tasks"].([]any)
	for i := range min(len(tl), len(ol)) {
		t, _ := tl[i].(map[string]any)["id"].(string)
		o, _ := ol[i].(map[string]any)["id"].(string)
		if t != "" && o != "" {
			into[t] = o
		}
	}
}

var taskListRE = regexp.MustCompile(`/task/[a-z_]+/(done|undone)$`)

// checkTasks compares what a task answer's shape does not: the tasks'
// names and states. Lists come in random order on both servers, so both
// are sorted first (sameShape then compares item by item). fs/copy's
// tasks are snapshots: their times depend on how far the task ran.
func checkTasks(x *exchange, want, got any) error {
	p, _, _ := strings.Cut(x.target, "?")
	switch {
	case p == "/api/fs/copy":
		for _, d := range []any{want, got} {
			m, _ := d.(map[string]any)
			list, _ := m["tasks"].([]any)
			for _, it := range list {
				if ti, ok := it.(map[string]any); ok {
					ti["start_time"], ti["end_time"], ti["state"] = nil, nil, 0.0
				}
			}
		}
	case taskListRE.MatchString(p):
		wl, _ := want.([]any)
		gl, _ := got.([]any)
		sortTasks(wl)
		sortTasks(gl)
		if a, b := taskKeys(wl), taskKeys(gl); a != b {
			return fmt.Errorf("tasks\n    %s\n  want\n    %s", b, a)
		}
	case strings.HasSuffix(p, "/info"):
		if w, ok := want.(map[string]any); ok {
			if a, b := taskKey(w), taskKey(got.(map[string]any)); a != b {
				return fmt.Errorf("task %s, want %s", b, a)
			}
		}
	}
	return nil
}

// taskKey is what identifies a task across servers: its name, state and
// which of its times are set.
func taskKey(t map[string]any) string {
	return fmt.Sprintf("%v|state %v|start %t|end %t", t["name"], t["state"], t["start_time"] != nil, t["end_time"] != nil)
}

func sortTasks(list []any) {
	sort.SliceStable(list, func(i, j int) bool {
		return taskKey(list[i].(map[string]any)) < taskKey(list[j].(map[string]any))
	})
}

func taskKeys(list []any) string {
	var keys []string
	for _, it := range list {
		keys = append(keys, taskKey(it.(map[string]any)))
	}
	return strings.Join(keys, "\n    ")
}

var (
	ddRE    = regexp.MustCompile(`^dd if=/dev/urandom of=(\S+) bs=1M count=\d+(?:; touch -d @(\d+) \S+)?$`)
	printRE = regexp.MustCompile(`^printf '([^']*)' > (\S+)`)
)

// shellCommand does what a "$ ..." line of a tasks transcript did on the
// real server's disk, and checks what it printed where that tells about
// the copies (cat, ls). Listings of times (find, ls -l) and the database
// are not compared.
func (r *replayer) shellCommand(sc shellCmd) {
	t, s := r.t, r.s
	t.Helper()
	if !r.plan.tasks && !r.plan.disk {
		t.Fatalf("unexpected shell command %q", sc.cmd)
	}
	cmd, _, _ := strings.Cut(sc.cmd, "   #") // a trailing comment
	cmd = strings.TrimSpace(cmd)
	fields := strings.Fields(cmd)
	var err error
	switch {
	case ddRE.MatchString(cmd):
		// A big file: 1 MiB here, enough for the shape of the answers.
		m := ddRE.FindStringSubmatch(cmd)
		if err = writeDisk(r.diskOf(m[1]), make([]byte, 1<<20)); err == nil && m[2] != "" {
			sec, _ := strconv.ParseInt(m[2], 10, 64)
			err = os.Chtimes(r.diskOf(m[1]), time.Unix(sec, 0), time.Unix(sec, 0))
		}
	case fields[0] == "mkfifo":
		// A source whose open blocks: a file whose copy tasks stall.
		err = writeDisk(r.diskOf(fields[1]), nil)
		r.release = s.StallCopy(virtualOf(fields[1]))
	case strings.HasPrefix(cmd, "exec 3>"): // the FIFO opened: the copy goes on
		r.release()
		s.WaitCopyTasks()
	case fields[0] == "rm":
		err = os.RemoveAll(r.diskOf(fields[1]))
	case printRE.MatchString(cmd):
		m := printRE.FindStringSubmatch(cmd)
		err = writeDisk(r.diskOf(m[2]), []byte(m[1]))
	case fields[0] == "cat" && len(fields) == 2:
		b, rerr := os.ReadFile(r.diskOf(fields[1]))
		if got, want := strings.TrimSuffix(string(b), "\n"), strings.Join(sc.out, "\n"); rerr != nil || got != want {
			t.Errorf("%s: %q (%v), want %q", sc.cmd, got, rerr, want)
		}
	case fields[0] == "ls" && len(fields) == 2:
		r.checkLs(sc, r.diskOf(fields[1]))
	case fields[0] == "kill": // a restart on the same data, then a new login
		s.Restart(0, 0)
		c := newClient(t, s)
		c.login(r.user[0], r.user[1]).ok(t)
		r.token = c.token
	case fields[0] == "find", fields[0] == "sqlite3", fields[0] == "ls":
	default:
		t.Fatalf("unknown shell command %q", sc.cmd)
	}
	if err != nil {
		t.Fatalf("%s: %v", sc.cmd, err)
	}
}

// checkLs compares "ls <file>" (its path) or "ls <folder>" (the names).
func (r *replayer) checkLs(sc shellCmd, p string) {
	fi, err := os.Stat(p)
	if err != nil {
		r.t.Errorf("%s: %v", sc.cmd, err)
		return
	}
	if !fi.IsDir() {
		return // it exists, as the recording printed it
	}
	f, err := os.Open(p)
	if err != nil {
		r.t.Fatal(err)
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil && err != io.EOF {
		r.t.Fatal(err)
	}
	sort.Strings(names)
	want := strings.Fields(strings.Join(sc.out, " "))
	sort.Strings(want)
	if strings.Join(names, " ") != strings.Join(want, " ") {
		r.t.Errorf("%s: %v, want %v", sc.cmd, names, want)
	}
}
