package alist_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// fakeServer answers a few routes exactly as the real servers do (the facts
// stated in this package's comments), with switches for what these tests vary: the version string, which
// dialect-specific routes exist, /p/ decoding the path twice (v3.60+), and a
// restart (a shutdown window, then a storage-loading window, then every token
// forgotten). It is written from those facts alone, not from alisttest, so
// that a mistake in the test server cannot hide one in the client.
type fakeServer struct {
	URL string

	mu           sync.Mutex
	version      string
	routes       map[string]bool // present admin GET routes, e.g. "/api/admin/role/list"
	doubleDecode bool            // /p/ and /d/ unescape the path twice
	password     string          // admin's
	tokens       map[string]string
	issued       int
	files        map[string][]byte
	settingsWait time.Duration // delay of /api/public/settings (concurrency tests)

	hits     map[string]int      // requests per path
	auths    map[string][]string // Authorization headers per path
	verdicts []string            // "admin:ok" or "admin:rejected", one per judged login
	failNext map[string][]string // path → messages of the next code-500 answers
	httpFail map[string][]int    // path → HTTP statuses of the next answers
	notJSON  map[string]bool     // path answers the web UI's page

	// restart: per path, the first closing answers say the database is
	// closed, the next loading ones that storages are loading.
	closing, loading int
	windowUsed       map[string]int
}

func newFake(t *testing.T, version string, routes ...string) *fakeServer {
	f := &fakeServer{
		version: version, routes: map[string]bool{}, password: adminPass,
		tokens: map[string]string{}, files: map[string][]byte{},
		hits: map[string]int{}, auths: map[string][]string{},
		failNext: map[string][]string{}, httpFail: map[string][]int{}, notJSON: map[string]bool{},
		windowUsed: map[string]int{},
	}
	for _, r := range routes {
		f.routes[r] = true
	}
	ts := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(ts.Close)
	f.URL = ts.URL
	return f
}

func (f *fakeServer) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

func (f *fakeServer) authsOn(path string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.auths[path]...)
}

func (f *fakeServer) judged() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.verdicts...)
}

func (f *fakeServer) put(path string, data []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.files[path] = data
}

func (f *fakeServer) file(path string) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.files[path]
}

// restart imitates a server restart: it forgets every token, then each path
// answers closing times "database is closed" and loading times "Loading
// storage" before it is served again.
func (f *fakeServer) restart(closing, loading int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.tokens)
	clear(f.windowUsed)
	f.closing, f.loading = closing, loading
}

// sign is the fake's sign of a path; only equality matters.
func sign(path string) string {
	sum := sha256.Sum256([]byte("sign:" + path))
	return hex.EncodeToString(sum[:8]) + ":0"
}

// rawURL is the raw_url fs/get gives for path: "<site>/p/<escaped path>?sign=…".
func (f *fakeServer) rawURL(path string) string {
	return f.URL + "/p" + alist.EscapePath(path) + "?sign=" + sign(path)
}

func envelope(w http.ResponseWriter, code int, msg string, data any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	b, _ := json.Marshal(map[string]any{"code": code, "message": msg, "data": data})
	w.Write(b)
}

func webPage(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	io.WriteString(w, "<!doctype html><html><body>AList</body></html>")
}

func (f *fakeServer) serve(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	f.mu.Lock()
	f.hits[p]++
	f.auths[p] = append(f.auths[p], r.Header.Get("Authorization"))
	wait := time.Duration(0)
	if p == "/api/public/settings" {
		wait = f.settingsWait
	}
	f.mu.Unlock()
	time.Sleep(wait)

	if strings.HasPrefix(p, "/p/") || strings.HasPrefix(p, "/d/") {
		f.download(w, r)
		return
	}
	if !strings.HasPrefix(p, "/api/") || f.absent(p) {
		webPage(w) // gin's NoRoute: the web UI, before any middleware of a group
		return
	}
	if f.middleware(w, r) {
		return
	}
	switch p {
	case "/api/public/settings":
		f.mu.Lock()
		v := f.version
		f.mu.Unlock()
		envelope(w, 200, "success", map[string]any{"version": v, "site_title": "AList"})
	case "/api/auth/login/hash":
		f.login(w, r)
	default:
		user, ok := f.authenticate(w, r)
		if !ok {
			return
		}
		f.handle(w, r, user)
	}
}

func (f *fakeServer) absent(p string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.notJSON[p]:
		return true
	case strings.HasPrefix(p, "/api/admin/"):
		return !f.routes[p]
	}
	return false
}

// middleware answers what comes before any handler: injected failures, and
// a restart's windows. It reports whether it answered.
func (f *fakeServer) middleware(w http.ResponseWriter, r *http.Request) bool {
	p := r.URL.Path
	f.mu.Lock()
	defer f.mu.Unlock()
	if st := f.httpFail[p]; len(st) > 0 {
		f.httpFail[p] = st[1:]
		w.WriteHeader(st[0])
		io.WriteString(w, "<html>bad gateway</html>")
		return true
	}
	if msgs := f.failNext[p]; len(msgs) > 0 {
		f.failNext[p] = msgs[1:]
		envelope(w, 500, msgs[0], nil)
		return true
	}
	used := f.windowUsed[p]
	switch {
	case used < f.closing:
		f.windowUsed[p]++
		if p == "/api/auth/login/hash" { // the login handler's own answer (v3.38 source)
			envelope(w, 400, "failed find user: sql: database is closed", nil)
		} else {
			envelope(w, 500, "failed select meta: sql: database is closed", nil)
		}
		return true
	case used < f.closing+f.loading:
		f.windowUsed[p]++
		envelope(w, 500, "Loading storage, please wait", nil)
		return true
	}
	return false
}

func (f *fakeServer) login(w http.ResponseWriter, r *http.Request) {
	var req struct{ Username, Password string }
	json.NewDecoder(r.Body).Decode(&req)
	f.mu.Lock()
	defer f.mu.Unlock()
	if req.Username != "admin" || req.Password != alist.HashPassword(f.password) {
		f.verdicts = append(f.verdicts, req.Username+":rejected")
		envelope(w, 400, "password is incorrect", nil)
		return
	}
	f.verdicts = append(f.verdicts, req.Username+":ok")
	f.issued++
	tok := fmt.Sprintf("jwt-%d", f.issued)
	f.tokens[tok] = "admin"
	envelope(w, 200, "success", map[string]any{"token": tok})
}

// authenticate is the Auth middleware, then AuthAdmin for admin routes.
func (f *fakeServer) authenticate(w http.ResponseWriter, r *http.Request) (string, bool) {
	tok := r.Header.Get("Authorization")
	f.mu.Lock()
	user, ok := f.tokens[tok]
	f.mu.Unlock()
	switch {
	case tok == "":
		envelope(w, 401, "Guest user is disabled, login please", nil)
		return "", false
	case tok == "reader-token":
		user = "reader"
	case !ok:
		envelope(w, 401, "token is invalidated", nil)
		return "", false
	}
	if strings.HasPrefix(r.URL.Path, "/api/admin/") && user != "admin" {
		envelope(w, 403, "You are not an admin", nil)
		return "", false
	}
	return user, true
}

func (f *fakeServer) object(path string, data []byte) map[string]any {
	return map[string]any{
		"name": path[strings.LastIndex(path, "/")+1:], "size": len(data), "is_dir": false,
		"modified": "2026-11-21T15:27:46Z", "created": "2026-11-21T15:27:46Z", "sign": sign(path),
		"type": 4, "hash_info": nil, "raw_url": f.rawURL(path), "provider": "Local",
	}
}

func (f *fakeServer) handle(w http.ResponseWriter, r *http.Request, user string) {
	var req struct {
		Path string `json:"path"`
	}
	switch r.URL.Path {
	case "/api/admin/role/list":
		envelope(w, 200, "success", map[string]any{"content": []any{}, "total": 0})
	case "/api/admin/scan/progress":
		envelope(w, 200, "success", map[string]any{"is_done": true})
	case "/api/me":
		envelope(w, 200, "success", map[string]any{"id": 1, "username": user, "base_path": "/", "role": []int{2}, "permission": 0, "otp": false})
	case "/api/fs/get":
		json.NewDecoder(r.Body).Decode(&req)
		f.mu.Lock()
		data, ok := f.files[req.Path]
		f.mu.Unlock()
		if !ok {
			envelope(w, 500, "object not found", nil)
			return
		}
		envelope(w, 200, "success", f.object(req.Path, data))
	case "/api/fs/list":
		json.NewDecoder(r.Body).Decode(&req)
		f.mu.Lock()
		var content []any
		for p, data := range f.files {
			if strings.HasPrefix(p, strings.TrimSuffix(req.Path, "/")+"/") {
				content = append(content, f.object(p, data))
			}
		}
		f.mu.Unlock()
		envelope(w, 200, "success", map[string]any{"content": content, "total": len(content)})
	case "/api/fs/put":
		p, err := url.PathUnescape(r.Header.Get("File-Path"))
		body, rerr := io.ReadAll(r.Body)
		if err != nil || rerr != nil || int64(len(body)) != r.ContentLength {
			envelope(w, 400, "bad upload", nil)
			return
		}
		f.put(p, body)
		envelope(w, 200, "success", nil)
	default:
		webPage(w)
	}
}

// download serves /p/ and /d/: the router has decoded the path once; a
// v3.60+ server's download middleware unescapes it again before checking the
// sign.
func (f *fakeServer) download(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path[2:]
	f.mu.Lock()
	twice := f.doubleDecode
	f.mu.Unlock()
	if twice {
		var err error
		if p, err = url.PathUnescape(p); err != nil {
			envelope(w, 401, "sign invalid", nil)
			return
		}
	}
	data := f.file(p)
	if data == nil || r.URL.Query().Get("sign") != sign(p) {
		envelope(w, 401, "sign invalid", nil)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(data)
}
