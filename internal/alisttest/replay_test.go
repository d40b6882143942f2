package alisttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The transcript replay test sends the requests recorded against the real
// servers (testdata/transcripts, see testdata/README.md) to a test server of
// the same flavour, in the same order, and checks that each answer has the
// same HTTP status, code, message and the same shape of data (keys, nulls,
// array lengths); values such as tokens, times and signs may differ.

// transcriptDir is in the repository: a missing transcript is a failure,
// never a skip, so the replay cannot silently stop checking anything.
const transcriptDir = "testdata/transcripts"

// notReplayed are the transcripts the replay leaves out on purpose, with
// the reason. Every file of transcriptDir is either replayed by a plan or
// listed here (TestTranscriptFiles), so a new recording is not forgotten.
func notReplayed() map[string]string {
	m := map[string]string{
		"openlist-v4.2-probe6.out": "met a WebDAV permission problem of that setup; probe6b is the working run",
	}
	return m
}

// replayedFiles are the transcripts the plans replay, by name.
func replayedFiles() map[string]bool {
	files := map[string]bool{}
	for _, plans := range replayPlans() {
		for _, plan := range plans {
			for _, seg := range plan.segments {
				files[seg.file] = true
			}
		}
	}
	return files
}

// requireTranscripts fails the test unless every named transcript is there.
func requireTranscripts(t *testing.T, names map[string]bool) {
	t.Helper()
	if _, err := os.Stat(transcriptDir); err != nil {
		t.Fatalf("transcripts missing: %v (they belong in the repository)", err)
	}
	var missing []string
	for name := range names {
		if _, err := os.Stat(filepath.Join(transcriptDir, name)); err != nil {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("transcripts missing from %s: %s", transcriptDir, strings.Join(missing, ", "))
	}
}

// TestTranscriptFiles checks that testdata/transcripts holds exactly the
// files the replay and the not-replayed list name.
func TestTranscriptFiles(t *testing.T) {
	t.Parallel()
	replayed, skipped := replayedFiles(), notReplayed()
	all := map[string]bool{}
	for name := range replayed {
		if _, dup := skipped[name]; dup {
			t.Errorf("%s is both replayed and listed as not replayed", name)
		}
		all[name] = true
	}
	for name := range skipped {
		all[name] = true
	}
	requireTranscripts(t, all)
	entries, err := os.ReadDir(transcriptDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !all[e.Name()] {
			t.Errorf("%s/%s is neither replayed nor listed in notReplayed", transcriptDir, e.Name())
		}
	}
	// The probe recordings, all replayed but one (see notReplayed).
	var got []string
	for name := range replayed {
		got = append(got, name)
	}
	sort.Strings(got)
	want := []string{
		"admin-driver-alist-v3.38.out", "admin-driver-alist-v3.62.out", "admin-driver-openlist-v4.2.out",
		"admin-meta-alist-v3.38.out", "admin-meta-alist-v3.62.out", "admin-meta-openlist-v4.2.out",
		"admin-role-alist-v3.62.out",
		"admin-setting-alist-v3.38.out", "admin-setting-alist-v3.62.out", "admin-setting-openlist-v4.2.out",
		"admin-storage-alist-v3.38.out", "admin-storage-alist-v3.62.out", "admin-storage-openlist-v4.2.out",
		"admin-user-alist-v3.38.out", "admin-user-alist-v3.62.out", "admin-user-openlist-v4.2.out",
		"alist-v3.38-probe1.out", "alist-v3.38-probe2.out", "alist-v3.38-probe3.out",
		"alist-v3.38-probe4.out", "alist-v3.38-probe5.out", "alist-v3.38-probe6.out",
		"alist-v3.62-probe123.out", "alist-v3.62-probe4.out", "alist-v3.62-probe5.out", "alist-v3.62-probe6.out",
		"openlist-v4.2-probe123.out", "openlist-v4.2-probe4.out", "openlist-v4.2-probe5.out", "openlist-v4.2-probe6b.out",
		"shares-alist-v3.38.out", "shares-alist-v3.62.out", "shares-openlist-v4.2.out",
		"tasks-alist-v3.38.out", "tasks-alist-v3.62.out", "tasks-openlist-v4.2.out",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("the plans replay %v, want %v", got, want)
	}
}

// exchange is one recorded request and its answer.
type exchange struct {
	n       int    // 1-based position in its file
	line    string // the "--- ..." line
	method  string
	target  string
	headers []string
	data    *string // -d or --data-binary
	form    bool    // -F file=@<TMP>
	output  string  // -o target: the body is not recorded
	body    string  // recorded answer
	status  int
	notes   []string // what the probe printed after the answer
	// polled: "[t+N.NNs] --- ...", the first answer of a poll that
	// differed from the one before (tasks transcripts).
	polled bool
	shell  []shellCmd // "$ ..." commands run on the server's disk after it
	// raw: the body is "HTTP/1.1 ..." with headers and a "[body...]" line
	// (share_replay_test.go).
	raw bool
}

// shellCmd is a "$ ..." line and the output lines that follow it.
type shellCmd struct {
	cmd string
	out []string
}

var (
	optionRE = regexp.MustCompile(` (-H|-d|--data-binary|-F|-o)( |$)`)
	statusRE = regexp.MustCompile(`^\[HTTP (\d+)\]$`)
	// rawStatusRE starts the answer of a public share URL (shares-*.out):
	// status line, headers, then one "[body...]" line.
	rawStatusRE = regexp.MustCompile(`^HTTP/1\.1 (\d{3}) `)
	polledRE    = regexp.MustCompile(`^\[t\+[0-9.]+s\] `)
)

func parseTranscript(t *testing.T, name string) []*exchange {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(transcriptDir, name))
	if err != nil {
		t.Fatal(err)
	}
	var out []*exchange
	var cur *exchange
	var body []string
	inBody := false
	for _, ln := range strings.Split(string(raw), "\n") {
		polled := polledRE.FindString(ln)
		if rest, ok := strings.CutPrefix(ln[len(polled):], "--- "); ok {
			cur = parseCommand(rest)
			cur.n, cur.line, cur.polled = len(out)+1, ln, polled != ""
			out = append(out, cur)
			body, inBody = nil, true
			continue
		}
		if cur == nil {
			continue
		}
		if cmd, ok := strings.CutPrefix(ln, "$ "); ok && !inBody {
			cur.shell = append(cur.shell, shellCmd{cmd: cmd})
			continue
		}
		if n := len(cur.shell); n > 0 && !inBody && ln != "" && !strings.HasPrefix(ln, "#") {
			cur.shell[n-1].out = append(cur.shell[n-1].out, ln)
			continue
		}
		if m := rawStatusRE.FindStringSubmatch(ln); inBody && len(body) == 0 && m != nil {
			cur.status, _ = strconv.Atoi(m[1]) // shares: a public URL's status line
			cur.raw = true
		}
		if inBody && cur.raw && strings.HasPrefix(ln, "[body") {
			cur.body = strings.Join(append(body, ln), "\n") // headers, then the body's line
			inBody = false
			continue
		}
		if m := statusRE.FindStringSubmatch(ln); inBody && m != nil {
			cur.status, _ = strconv.Atoi(m[1])
			cur.body = strings.Join(body, "\n")
			inBody = false
			continue
		}
		if inBody {
			body = append(body, ln)
		} else if ln != "" {
			cur.notes = append(cur.notes, ln)
		}
	}
	return out
}

func parseCommand(s string) *exchange {
	method, rest, _ := strings.Cut(s, " ")
	target, rest, _ := strings.Cut(rest, " ")
	x := &exchange{method: method, target: target}
	rest = " " + rest
	locs := optionRE.FindAllStringSubmatchIndex(rest, -1)
	for i, loc := range locs {
		end := len(rest)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		val := unquote(rest[loc[1]:end])
		switch rest[loc[2]:loc[3]] {
		case "-H":
			x.headers = append(x.headers, val)
		case "-d", "--data-binary":
			x.data = &val
		case "-F":
			x.form = true
		case "-o":
			x.output = val
		}
	}
	return x
}

// unquote removes the shell quotes the tasks transcripts put around
// curl's arguments ('Authorization: <token>', '{...}').
func unquote(v string) string {
	if t := strings.TrimRight(v, " "); len(t) >= 2 && t[0] == '\'' && t[len(t)-1] == '\'' {
		return t[1 : len(t)-1]
	}
	return v
}

// segment is a run of exchanges of one transcript replayed as one user.
type segment struct {
	file     string
	from, to int    // 1-based, inclusive; to 0 means the end
	user     string // who <TOKEN> is; "" the admin
	password string
	// staticAdmin: /api/admin requests carry the admin token, the others
	// the last token (admin_user_test.go).
	staticAdmin bool
}

type replayPlan struct {
	name     string
	opts     Options
	setup    func(*Server) error
	segments []segment
	// long: File-Path#occurrence of the puts that sent the second, longer
	// content (the transcripts only say <TMP>).
	long []string
	// skipMessage: answers that depend on the real servers' remote drivers.
	skipMessage string
	// tasks: a tasks transcript, replayed with its polls, shell commands
	// and task ids (copy_test.go).
	tasks bool
	// disk: run the transcript's "$ ..." commands (the shares transcripts
	// remove shared files); tasks transcripts always do.
	disk bool
}

const (
	shortBody = "hello-alist\n"
	longBody  = "second version, longer\n"
)

func replayPlans() map[Flavor][]replayPlan {
	bob := []User{{Username: "bob", Password: "bobpw", BasePath: "/local/bob"}}
	guest := []User{{Username: "guest", Role: RoleGuest}}
	wd := func(s *Server) error {
		if err := s.WriteFile("/wd/f.txt", []byte(shortBody)); err != nil {
			return err
		}
		return s.Mkdir("/wd/pub")
	}
	probe4 := func(file string) []segment {
		return []segment{
			{file: file, from: 2, to: 2},
			{file: file, from: 8, to: 16, user: "bob", password: "bobpw"},
			{file: file, from: 23, to: 25, user: "bob", password: "bobpw"},
			{file: file, from: 26, to: 31, user: "bob", password: "bobpw"},
			{file: file, from: 34},
		}
	}
	probe5 := func(file string) []segment {
		return []segment{{file: file, from: 24, to: 26}, {file: file, from: 29, to: 32}}
	}
	return map[Flavor][]replayPlan{
		AListV338: {
			{name: "probe1-3", segments: []segment{{file: "alist-v3.38-probe1.out"}, {file: "alist-v3.38-probe2.out"}, {file: "alist-v3.38-probe3.out"}}},
			{name: "probe4", opts: Options{Users: bob}, segments: probe4("alist-v3.38-probe4.out")},
			{name: "probe5", opts: Options{Users: guest}, segments: probe5("alist-v3.38-probe5.out")},
			{name: "probe6", opts: Options{CachingStorages: []string{"/wd"}}, setup: wd,
				segments: []segment{{file: "alist-v3.38-probe6.out", from: 2}}, long: []string{"/wd/new.txt#2"}},
			metaReplayPlan("admin-meta-alist-v3.38.out"), // admin_meta_test.go
			userReplayPlan("admin-user-alist-v3.38.out"), // admin_user_test.go
			settingReplayPlan("admin-setting-alist-v3.38.out"),
			storageReplayPlan("admin-storage-alist-v3.38.out"), // admin_storage_test.go
			driverReplayPlan("admin-driver-alist-v3.38.out"),
			tasksReplayPlan("tasks-alist-v3.38.out", 94, 103, []int{94, 96, 98, 99, 100, 102}, 151, 153, [2]int{104, 150}), // copy_replay_test.go
			sharesReplayPlan("shares-alist-v3.38.out", 0),                                                                  // share_replay_test.go
		},
		AListV362: {
			{name: "probe123", segments: []segment{{file: "alist-v3.62-probe123.out"}},
				long: []string{"/local/dir%20a/sub/hello%20world.txt#2"}},
			// bob and his role are made through the API, as the probe did.
			{name: "probe4",
				segments: []segment{
					{file: "alist-v3.62-probe4.out", from: 1, to: 6},
					{file: "alist-v3.62-probe4.out", from: 7, to: 10, user: "bob", password: "bobpw"},
					{file: "alist-v3.62-probe4.out", from: 18},
				}},
			{name: "probe5", opts: Options{Users: guest}, segments: probe5("alist-v3.62-probe5.out")},
			{name: "probe6", opts: Options{CachingStorages: []string{"/wd"}}, setup: wd,
				segments: []segment{{file: "alist-v3.62-probe6.out", from: 2}}, long: []string{"/wd/new.txt#2"}},
			metaReplayPlan("admin-meta-alist-v3.62.out"), // admin_meta_test.go
			userReplayPlan("admin-user-alist-v3.62.out"), // admin_user_test.go
			roleReplayPlan(),
			settingReplayPlan("admin-setting-alist-v3.62.out"),
			storageReplayPlan("admin-storage-alist-v3.62.out"), // admin_storage_test.go
			driverReplayPlan("admin-driver-alist-v3.62.out"),
			tasksReplayPlan("tasks-alist-v3.62.out", 115, 124, []int{115, 117, 119, 120, 121, 123}, 172, 174, [2]int{125, 171}),
			sharesReplayPlan("shares-alist-v3.62.out", 0, [2]int{86, 88}, [2]int{93, 93}),
		},
		OpenListV4: {
			{name: "probe123", segments: []segment{{file: "openlist-v4.2-probe123.out"}},
				long: []string{"/local/dir%20a/sub/hello%20world.txt#2"}},
			{name: "probe4", opts: Options{Users: bob}, segments: probe4("openlist-v4.2-probe4.out")},
			{name: "probe5", opts: Options{Users: guest}, segments: probe5("openlist-v4.2-probe5.out")},
			// probe6 met a WebDAV permission problem of that setup; 6b is
			// the working run. Its fs/get answers come from the WebDAV
			// driver's link step, which a caching storage here does not have.
			{name: "probe6b", opts: Options{CachingStorages: []string{"/wd"}}, setup: wd,
				segments:    []segment{{file: "openlist-v4.2-probe6b.out", from: 2}},
				long:        []string{"/wd/new.txt#2"},
				skipMessage: "failed link"},
			metaReplayPlan("admin-meta-openlist-v4.2.out"), // admin_meta_test.go
			userReplayPlan("admin-user-openlist-v4.2.out"), // admin_user_test.go
			settingReplayPlan("admin-setting-openlist-v4.2.out"),
			storageReplayPlan("admin-storage-openlist-v4.2.out"), // admin_storage_test.go
			driverReplayPlan("admin-driver-openlist-v4.2.out"),
			tasksReplayPlan("tasks-openlist-v4.2.out", 115, 124, []int{115, 117, 119, 120, 121, 123}, 174, 176, [2]int{125, 136}, [2]int{146, 171}), // not 3b: move tasks
			sharesReplayPlan("shares-openlist-v4.2.out", 0, [2]int{89, 89}, [2]int{91, 97}, [2]int{99, 99}),
		},
	}
}

func TestTranscriptReplay(t *testing.T) {
	t.Parallel()
	requireTranscripts(t, replayedFiles())
	for fl, plans := range replayPlans() {
		for _, plan := range plans {
			t.Run(fl.String()+"/"+plan.name, func(t *testing.T) {
				t.Parallel()
				opts := plan.opts
				opts.Flavor, opts.TaskDelay = fl, -1
				s := NewServer(t, opts)
				if plan.setup != nil {
					if err := plan.setup(s); err != nil {
						t.Fatal(err)
					}
				}
				r := &replayer{t: t, s: s, plan: plan, signs: map[string]string{}, puts: map[string]int{},
					tids: map[string]string{}}
				for _, seg := range plan.segments {
					r.segment(seg)
				}
				if r.checked < 5 {
					t.Fatalf("only %d exchanges checked", r.checked)
				}
				t.Logf("%d exchanges replayed, %d checked", r.replayed, r.checked)
			})
		}
	}
}

type replayer struct {
	t      *testing.T
	s      *Server
	plan   replayPlan
	token  string
	signs  map[string]string // transcript sign -> ours
	puts   map[string]int    // File-Path -> puts so far
	secret [2]string         // 2FA secret: transcript's, ours
	tids   map[string]string // transcript task id -> ours
	// shareToken is the last v3.62 share access token (the transcripts'
	// <token> in ?auth=, X-Share-Token and public list/get bodies).
	shareToken string
	release    func()    // ends the stall of a "FIFO" source (copy_test.go)
	user       [2]string // the segment's user and password
	replayed   int
	checked    int

	staticAdmin bool // the segment's
}

func (r *replayer) segment(seg segment) {
	user, pw := seg.user, seg.password
	if user == "" {
		user, pw = DefaultAdminUsername, DefaultAdminPassword
	}
	c := newClient(r.t, r.s)
	c.login(user, pw).ok(r.t)
	r.token, r.staticAdmin, r.user = c.token, seg.staticAdmin, [2]string{user, pw}
	for _, x := range parseTranscript(r.t, seg.file) {
		if x.n < seg.from || seg.to != 0 && x.n > seg.to {
			continue
		}
		if r.plan.skipMessage != "" && strings.Contains(strings.Join(x.notes, "\n")+x.body, r.plan.skipMessage) {
			continue
		}
		r.exchange(x)
		for _, cmd := range x.shell {
			r.shellCommand(cmd) // copy_test.go
		}
	}
}

func (r *replayer) exchange(x *exchange) {
	t := r.t
	t.Helper()
	req, res, got := r.do(x)
	if r.plan.tasks && x.polled { // copy_test.go
		req, res, got = r.poll(x, req, res, got)
	}
	r.replayed++
	if req.Header.Get("As-Task") == "true" {
		r.s.WaitTasks() // the probes' next request found the file there
	}
	var env map[string]any
	_ = json.Unmarshal(got, &env)
	r.learn(x, env)
	if err := r.check(x, res, got, env); err != nil {
		t.Errorf("%s #%d %s\n  %v\n  want: %s\n  got:  %s", r.plan.name, x.n, x.line, err, trunc([]byte(x.body+strings.Join(x.notes, " "))), trunc(got))
	}
}

var otpRE = regexp.MustCompile(`"(code|otp_code)":"(\d{6})"`)

// request rebuilds the recorded request with this server's tokens, signs
// and 2FA codes.
func (r *replayer) do(x *exchange) (*http.Request, *http.Response, []byte) {
	r.queueShareID(x) // share_replay_test.go
	req := r.request(x)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatalf("%s\n  %v", x.line, err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	r.settle(x) // copy_replay_test.go
	return req, res, got
}

func (r *replayer) request(x *exchange) *http.Request {
	target := x.target
	for theirs, ours := range r.signs {
		target = strings.ReplaceAll(target, theirs, ours)
	}
	target = r.mapShares(r.mapTids(target)) // copy_test.go, share_replay_test.go
	var body io.Reader
	var contentType string
	filePath := ""
	chunked := false
	for _, h := range x.headers {
		if v, ok := strings.CutPrefix(h, "File-Path: "); ok {
			filePath = v
		}
		if h == "Transfer-Encoding: chunked" {
			chunked = true
		}
	}
	content := shortBody
	if filePath != "" {
		r.puts[filePath]++
		for _, l := range r.plan.long {
			if l == fmt.Sprintf("%s#%d", filePath, r.puts[filePath]) {
				content = longBody
			}
		}
	}
	switch {
	case x.form:
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "tmp")
		_, _ = fw.Write([]byte(content))
		_ = mw.Close()
		body, contentType = &buf, mw.FormDataContentType()
	case x.data != nil && *x.data == "@<TMP>":
		body = strings.NewReader(content)
	case x.data != nil:
		d := r.mapShares(r.mapTids(r.fillPlaceholders(*x.data))) // admin_storage_test.go, copy_test.go, share_replay_test.go
		if r.secret[0] != "" {
			d = strings.ReplaceAll(d, r.secret[0], r.secret[1])
			d = otpRE.ReplaceAllStringFunc(d, func(m string) string {
				if strings.Contains(m, `"000000"`) {
					return m
				}
				code, _ := OTPCode(r.secret[1])
				return m[:len(m)-8] + `"` + code + `"`
			})
		}
		body = strings.NewReader(d)
	}
	req, err := http.NewRequest(x.method, r.s.URL+target, body)
	if err != nil {
		r.t.Fatal(err)
	}
	for _, h := range x.headers {
		k, v, _ := strings.Cut(h, ": ")
		switch {
		case k == "Transfer-Encoding" || k == "Content-Length":
			continue // net/http sets these
		case k == "X-Share-Token":
			v = r.shareToken // share_replay_test.go
		case v == "<TOKEN>" || v == "<JWT>" || v == "<token>": // <token>: the tasks transcripts
			v = r.tokenFor(target)
		case v == "Bearer <TOKEN>":
			v = "Bearer " + r.token
		case strings.HasSuffix(v, "-<uuid><random-48>"):
			v = r.s.AdminToken()
		}
		req.Header.Set(k, v)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if chunked {
		req.ContentLength = -1
	}
	return req
}

// learn records what later requests refer to: tokens, signs, 2FA secrets.
func (r *replayer) learn(x *exchange, env map[string]any) {
	if env == nil || env["code"] != 200.0 {
		return
	}
	data, _ := env["data"].(map[string]any)
	if tok, ok := data["token"].(string); ok && strings.HasPrefix(x.target, "/api/auth/login") {
		r.token = tok
	}
	if secret, ok := data["secret"].(string); ok && len(x.notes) > 0 {
		var theirs struct{ Data struct{ Secret string } }
		_ = json.Unmarshal([]byte(x.notes[0]), &theirs)
		r.secret = [2]string{theirs.Data.Secret, secret}
	}
	var rec map[string]any
	if json.Unmarshal([]byte(x.body), &rec) == nil {
		collectSigns(rec["data"], env["data"], r.signs)
		collectTids(x, rec["data"], env["data"], r.tids) // copy_test.go
		r.learnShares(x, env["data"])                    // share_replay_test.go
	}
}

func collectSigns(theirs, ours any, into map[string]string) {
	switch tv := theirs.(type) {
	case map[string]any:
		ov, _ := ours.(map[string]any)
		for k, v := range tv {
			if s, ok := v.(string); ok && k == "sign" && s != "" {
				if o, ok := ov[k].(string); ok {
					into[s] = o
				}
			}
			collectSigns(v, ov[k], into)
		}
	case []any:
		ov, _ := ours.([]any)
		for i := range tv {
			if i < len(ov) {
				collectSigns(tv[i], ov[i], into)
			}
		}
	}
}

// check compares our answer with the recorded one.
func (r *replayer) check(x *exchange, res *http.Response, got []byte, env map[string]any) error {
	if res.StatusCode != x.status {
		return fmt.Errorf("HTTP %d, want %d", res.StatusCode, x.status)
	}
	if x.raw {
		r.checked++
		return r.checkRaw(x, res, got) // share_replay_test.go
	}
	switch {
	case x.output == "/dev/null":
		return nil
	case x.output != "":
		if len(x.notes) == 0 {
			return nil
		}
		return r.checkSummary(x.notes[0], env)
	}
	r.checked++
	var want map[string]any
	body, abbrev := splitAbbreviation(x.body) // admin_setting_test.go
	if strings.HasPrefix(body, "{") {
		if err := json.Unmarshal([]byte(body), &want); err != nil {
			return fmt.Errorf("recorded body: %v", err)
		}
		if env == nil {
			return fmt.Errorf("not JSON (%s)", res.Header.Get("Content-Type"))
		}
		r.unfillMessage(env) // admin_storage_test.go
		if env["code"] != want["code"] || env["message"] != want["message"] {
			return fmt.Errorf("code %v %q, want %v %q", env["code"], env["message"], want["code"], want["message"])
		}
		if isDriverAbbreviation(abbrev) { // admin_storage_test.go
			return r.checkDrivers(env["data"])
		}
		if abbrev != "" {
			return checkAbbreviated(abbrev, want["data"], env["data"])
		}
		if r.plan.tasks {
			if err := checkTasks(x, want["data"], env["data"]); err != nil { // copy_test.go
				return err
			}
		}
		return sameShape("data", want["data"], env["data"])
	}
	if rest, ok := strings.CutPrefix(x.body, "[body: "); ok { // a summary: size and type
		_, ctype, _ := strings.Cut(rest, "Content-Type: ")
		ctype, _, _ = strings.Cut(ctype, "]")
		if !strings.HasPrefix(res.Header.Get("Content-Type"), ctype) {
			return fmt.Errorf("Content-Type %q, want %s", res.Header.Get("Content-Type"), ctype)
		}
		return nil
	}
	if strings.HasPrefix(x.body, "<!DOCTYPE html>") {
		msg := regexp.MustCompile(`<p>(.*)</p>`).FindString(x.body)
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(got), msg) {
			return fmt.Errorf("want an HTML page with %s", msg)
		}
		return nil
	}
	if string(got) != x.body {
		return fmt.Errorf("body %q, want %q", got, x.body)
	}
	return nil
}

// checkSummary compares with what the probe printed from a saved answer:
// {"code","message","size"} of an fs/get, the names (and sizes) of an
// fs/list, or a whole envelope.
func (r *replayer) checkSummary(note string, env map[string]any) error {
	var sum any
	if !json.Valid([]byte(note)) || env == nil {
		return nil // e.g. a count of drivers: nothing to compare
	}
	_ = json.Unmarshal([]byte(note), &sum)
	r.checked++
	data := env["data"]
	switch s := sum.(type) {
	case map[string]any:
		if _, isEnvelope := s["code"]; !isEnvelope {
			return nil // public settings: values differ by design
		}
		if env["code"] != s["code"] || env["message"] != s["message"] {
			return fmt.Errorf("code %v %q, want %v %q", env["code"], env["message"], s["code"], s["message"])
		}
		if size, ok := s["size"]; ok {
			var gotSize any
			if d, ok := data.(map[string]any); ok {
				gotSize = d["size"]
			}
			if gotSize != size {
				return fmt.Errorf("size %v, want %v", gotSize, size)
			}
		}
		if d, ok := s["data"]; ok {
			return sameShape("data", d, data)
		}
	case []any:
		var want, have []string
		for _, it := range s {
			want = append(want, summaryItem(it))
		}
		content, _ := data.(map[string]any)["content"].([]any)
		for _, it := range content {
			m := it.(map[string]any)
			if _, named := s[0].(string); named {
				have = append(have, m["name"].(string))
			} else {
				have = append(have, summaryItem(map[string]any{"name": m["name"], "size": m["size"]}))
			}
		}
		sort.Strings(want)
		sort.Strings(have)
		if strings.Join(want, ",") != strings.Join(have, ",") {
			return fmt.Errorf("listing %v, want %v", have, want)
		}
	}
	return nil
}

func summaryItem(it any) string {
	if m, ok := it.(map[string]any); ok {
		return fmt.Sprintf("%v=%v", m["name"], m["size"])
	}
	return fmt.Sprint(it)
}

// sameShape compares two decoded JSON values: the same kinds, the same
// object keys, the same array lengths, recursively; not the values.
func sameShape(at string, want, got any) error {
	switch w := want.(type) {
	case nil:
		if got != nil {
			return fmt.Errorf("%s: %v, want null", at, got)
		}
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an object", at, got)
		}
		if keys(g) != keys(w) {
			return fmt.Errorf("%s: keys %q, want %q", at, keys(g), keys(w))
		}
		for k := range w {
			if err := sameShape(at+"."+k, w[k], g[k]); err != nil {
				return err
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Errorf("%s: %v, want %d items", at, got, len(w))
		}
		for i := range w {
			if err := sameShape(fmt.Sprintf("%s[%d]", at, i), w[i], g[i]); err != nil {
				return err
			}
		}
	default:
		if fmt.Sprintf("%T", want) != fmt.Sprintf("%T", got) {
			return fmt.Errorf("%s: %T, want %T", at, got, want)
		}
	}
	return nil
}
