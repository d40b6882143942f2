// Package alisttest is an AList-compatible HTTP server for tests and demos.
//
// It imitates three real servers (AList v3.38, AList v3.62, OpenList v4.2)
// closely enough that a client tested against it works against the real
// ones: HTTP 200 envelopes for every /api answer, the per-flavour error codes
// and messages, in-memory JWT sessions, the login lock-out, signed /d and /p
// links, stale caches on caching storages, As-Task uploads, and copy tasks
// with their task routes (copy.go, tasks.go). Files live on disk under
// Options.Dir; uploads are streamed, never held in memory.
// Fault injection (proxy errors, dropped connections, restarts) and
// counters make retry and caching behaviour testable.
//
// testdata/transcripts holds what the real servers answered, recorded with
// curl (tokens redacted); the replay test holds this server to them.
package alisttest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a running test server.
type Server struct {
	URL string // "http://127.0.0.1:PORT", no trailing slash

	opts   Options
	flavor Flavor
	dir    string // on-disk root
	tmpDir string // upload staging, on the same file system as the storages
	ownDir bool   // dir was created by Start and is removed by Close
	staged staging

	storages storageState // rows and mounts (admin_storage.go)
	routes   map[string]route

	auth       authState
	signs      signer
	tasks      taskStore
	copyFaults copyFaultState // copy.go
	copies     copyCounter    // copy.go
	faults     faultState
	restart    restartState
	counts     counter
	metas      metaStore  // admin_meta.go
	shares     shareStore // shares.go

	settings settingStore // setting.go

	srv       *http.Server
	ctx       context.Context // canceled by Close; stops pending tasks
	cancel    context.CancelFunc
	closeOnce sync.Once
	busy      activity // in-flight requests and background tasks
}

// NewServer starts a server on 127.0.0.1 with a random port and closes it
// when the test ends. Dir defaults to t.TempDir().
func NewServer(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.Dir == "" {
		opts.Dir = t.TempDir()
	}
	s, err := Start(opts)
	if err != nil {
		t.Fatalf("alisttest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a standalone server; the caller must Close it. Dir defaults
// to a new temporary directory that Close removes.
func Start(opts Options) (*Server, error) {
	opts = opts.withDefaults()
	s := &Server{opts: opts, flavor: opts.Flavor}
	if opts.Dir == "" {
		d, err := os.MkdirTemp("", "alisttest-")
		if err != nil {
			return nil, err
		}
		opts.Dir, s.ownDir = d, true
		s.opts.Dir = d
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	s.dir = dir
	if err := s.init(); err != nil {
		s.removeOwnDir()
		return nil, err
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		s.removeOwnDir()
		return nil, err
	}
	addr, _ := ln.Addr().(*net.TCPAddr) // a TCP listener: always one
	s.URL = "http://" + dialableAddr(addr)
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// dialableAddr is the listen address as a client can dial it: a wildcard
// listen address (":5244") is reached on the loopback.
func dialableAddr(a *net.TCPAddr) string {
	ip := a.IP
	if ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return net.JoinHostPort(ip.String(), fmt.Sprint(a.Port))
}

func (s *Server) init() error {
	s.tmpDir = filepath.Join(s.dir, ".alisttest-tmp")
	if err := s.staged.init(s.tmpDir); err != nil {
		return err
	}
	if err := s.initMounts(); err != nil {
		return err
	}
	s.settings.init(s.flavor, s.opts)
	if err := s.auth.init(s.flavor, s.opts); err != nil {
		return err
	}
	s.signs.init(s.opts.AdminToken)
	// A user's base folder exists on a prepared server, so a limited user
	// can list and upload into it at once.
	for _, u := range s.auth.users {
		if m, _, err := s.storageFor(u.BasePath); err == nil && u.BasePath != m.path {
			if err := os.MkdirAll(s.DiskPath(u.BasePath), 0o755); err != nil {
				return err
			}
		}
	}
	s.routes = s.routeTable()
	s.faults.init()
	s.copyFaults.init()
	return nil
}

// Close stops the server, waits for running requests and tasks, and removes
// the directory Start created.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.cancel() // also releases the requests a restart holds
		s.restart.stop()
		_ = s.srv.Close()
		s.busy.wait()
		s.removeOwnDir()
	})
}

func (s *Server) removeOwnDir() {
	if s.ownDir {
		_ = os.RemoveAll(s.dir)
	}
}

// Flavor is the flavour the server imitates.
func (s *Server) Flavor() Flavor { return s.flavor }

// AdminToken is the permanent admin token (the server's "token" setting).
func (s *Server) AdminToken() string {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	return s.auth.adminToken // the setting, which reset_token changes
}

// Dir is the on-disk root; storage /x lives in Dir/x.
func (s *Server) Dir() string { return s.dir }

// reqCtx is one request on its way through a handler.
type reqCtx struct {
	s    *Server
	w    http.ResponseWriter
	r    *http.Request
	user *userRec // nil on routes without auth
}

// handled is returned by handlers that wrote their own answer.
type handledT struct{}

var handled = handledT{}

type route struct {
	methods []string // nil: any method (gin's Any)
	auth    bool     // resolve the user from Authorization (or the guest)
	admin   bool     // the user must be an admin
	h       func(*reqCtx) (any, error)
}

func (rt route) allows(method string) bool {
	if rt.methods == nil {
		return true
	}
	for _, m := range rt.methods {
		if m == method {
			return true
		}
	}
	return false
}

var (
	get     = []string{http.MethodGet}
	getHead = []string{http.MethodGet, http.MethodHead}
	post    = []string{http.MethodPost}
	put     = []string{http.MethodPut}
)

func (s *Server) routeTable() map[string]route {
	rt := map[string]route{
		"/ping":                  {methods: get, h: handlePing},
		"/api/public/settings":   {h: handlePublicSettings},
		"/api/auth/login":        {methods: post, h: handleLogin},
		"/api/auth/login/hash":   {methods: post, h: handleLoginHash},
		"/api/auth/logout":       {methods: get, auth: true, h: handleLogout},
		"/api/me":                {methods: get, auth: true, h: handleMe},
		"/api/auth/2fa/generate": {methods: post, auth: true, h: handle2FAGenerate},
		"/api/auth/2fa/verify":   {methods: post, auth: true, h: handle2FAVerify},
		"/api/fs/list":           {auth: true, h: handleFsList},
		"/api/fs/get":            {auth: true, h: handleFsGet},
		"/api/fs/dirs":           {auth: true, h: handleFsDirs},
		"/api/fs/mkdir":          {methods: post, auth: true, h: handleFsMkdir},
		"/api/fs/rename":         {methods: post, auth: true, h: handleFsRename},
		"/api/fs/move":           {methods: post, auth: true, h: handleFsMove},
		"/api/fs/recursive_move": {methods: post, auth: true, h: handleFsRecursiveMove},
		"/api/fs/copy":           {methods: post, auth: true, h: handleFsCopy},
		"/api/fs/remove":         {methods: post, auth: true, h: handleFsRemove},
		"/api/fs/put":            {methods: put, auth: true, h: handleFsPut},
		"/api/fs/form":           {methods: put, auth: true, h: handleFsForm},
	}
	// The admin API, one file per area.
	s.storageRoutes(rt)
	s.metaRoutes(rt)
	s.accountRoutes(rt)
	s.taskRoutes(rt)  // tasks.go
	s.shareRoutes(rt) // shares.go
	// Routes of one dialect only (see Flavor.hasAdminArea).
	switch s.flavor {
	case OpenListV4:
		rt["/api/admin/scan/progress"] = route{methods: get, auth: true, admin: true, h: handleScanProgress}
	}
	return rt
}

func (s *Server) lookup(p string) (route, bool) {
	if rt, ok := s.routes[p]; ok {
		return rt, true
	}
	for _, pre := range []string{"/d/", "/p/"} {
		if strings.HasPrefix(p, pre) || p == strings.TrimSuffix(pre, "/") {
			return route{methods: getHead, h: handleDownload}, true
		}
	}
	if rt, ok := s.shareLookup(p); ok {
		return rt, true
	}
	// The flavour's /api/admin groups exist there, so a non-admin gets "You
	// are not an admin" even for the routes this server does not implement.
	if rest, ok := strings.CutPrefix(p, "/api/admin/"); ok {
		// Every task route is implemented: an unknown task type is the page.
		if area, _, _ := strings.Cut(rest, "/"); s.flavor.hasAdminArea(area) && area != "task" {
			return route{auth: true, admin: true, h: handleAdminNotImplemented}, true
		}
	}
	return route{}, false
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.busy.start() {
		http.Error(w, "server closed", http.StatusServiceUnavailable)
		return
	}
	defer s.busy.done()
	s.counts.add(r.URL.Path)
	if !s.faults.sleep(r.Context()) {
		return
	}
	if s.faults.inject(w, r) {
		return
	}
	s.faults.runHooks(r.URL.Path)
	rt, ok := s.lookup(r.URL.Path)
	if !ok || !rt.allows(r.Method) {
		writeIndexHTML(w, s.flavor) // the web UI answers everything else
		return
	}
	// Like the real servers' loading gate, which sits on the routes and not
	// on the web UI's page.
	if s.restarting() && s.restartGate(w, r) {
		return
	}
	c := &reqCtx{s: s, w: w, r: r}
	data, err := c.run(rt)
	switch {
	case err != nil:
		writeError(w, err)
	case data == handled:
	default:
		writeSuccess(w, data)
	}
}

func (c *reqCtx) run(rt route) (any, error) {
	if rt.auth {
		u, err := c.s.authenticate(c.r)
		if err != nil {
			return nil, err
		}
		c.user = u
		if rt.admin && !u.isAdmin() {
			return nil, errNotAdmin
		}
	}
	return rt.h(c)
}

func handlePing(c *reqCtx) (any, error) {
	c.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = c.w.Write([]byte("pong"))
	return handled, nil
}

func handleAdminNotImplemented(c *reqCtx) (any, error) {
	return nil, failf(500, "alisttest: %s is not implemented by the test server", c.r.URL.Path)
}

// activity counts running requests and background tasks so Close can wait
// for them before the directory goes away.
type activity struct {
	mu     sync.Mutex
	cond   *sync.Cond
	n      int
	closed bool
}

func (a *activity) start() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return false
	}
	a.n++
	return true
}

func (a *activity) done() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n--
	if a.n == 0 && a.cond != nil {
		a.cond.Broadcast()
	}
}

func (a *activity) wait() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed = true
	if a.cond == nil {
		a.cond = sync.NewCond(&a.mu)
	}
	for a.n > 0 {
		a.cond.Wait()
	}
}

// counter counts requests per path.
type counter struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *counter) add(p string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]int{}
	}
	c.m[p]++
	// Downloads are also counted under their prefix, their paths vary.
	for _, pre := range []string{"/d", "/p", "/sd", "/sp"} {
		if strings.HasPrefix(p, pre+"/") {
			c.m[pre]++
		}
	}
}

func (c *counter) get(p string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[p]
}

// Count is the number of requests to a path since the start or the last
// ResetCounts, whatever their outcome (faults included). Downloads are also
// counted under "/d" and "/p", share downloads under "/sd" and "/sp".
func (s *Server) Count(route string) int { return s.counts.get(route) }

// Logins is the number of login attempts (/api/auth/login and
// /api/auth/login/hash), successful or not.
func (s *Server) Logins() int {
	return s.Count("/api/auth/login") + s.Count("/api/auth/login/hash")
}

// ResetCounts zeroes all counters.
func (s *Server) ResetCounts() {
	s.counts.mu.Lock()
	defer s.counts.mu.Unlock()
	s.counts.m = nil
	s.copies.mu.Lock()
	s.copies.n = nil
	s.copies.mu.Unlock()
}

// errClosed is returned by background work interrupted by Close.
var errClosed = errors.New("server closed")

func (s *Server) String() string { return fmt.Sprintf("alisttest(%s at %s)", s.flavor, s.URL) }
