package alisttest

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A server restart as a client riding it out sees it (seen on a real
// v3.38): first the old process shuts down and answers code 500 with its
// database already closed, then the new one loads its storages (AList
// answers 500 "Loading storage, please wait", OpenList holds the request),
// and only then answers normally, without the old process's tokens. Those
// code 500 answers are transient: a client retries them.

// Restart phases; a request only pays for an atomic load while none runs.
const (
	phaseRunning int32 = iota
	phaseClosing       // the old process is shutting down
	phaseLoading       // the new process is loading its storages
)

var (
	// errDatabaseClosed: seen on a real v3.38 while it stopped (SIGTERM).
	errDatabaseClosed = &apiError{500, "failed select meta: sql: database is closed"}
	// errLoadingStorage: AList's StoragesLoaded middleware.
	errLoadingStorage = &apiError{500, "Loading storage, please wait"}
)

type restartState struct {
	phase atomic.Int32 // phaseRunning, phaseClosing or phaseLoading

	mu     sync.Mutex
	gen    int           // bumped by Restart and Close: a stale timer does nothing
	timer  *time.Timer   // ends the current phase
	loaded chan struct{} // closed when loading ends: OpenList's held requests go on
}

// Restart imitates a restart of the real server and returns at once; it
// can be called from a Hook ("the server restarts before the 35th upload":
// that upload already sees the restart).
//
// For closing, every /api request gets HTTP 200 {"code":500,"message":
// "failed select meta: sql: database is closed"}. Then the new process
// loads for loading: AList v3.38 and v3.62 answer every /api request with
// {"code":500,"message":"Loading storage, please wait"}; OpenList holds the
// requests (as long as their clients wait) and serves them when loading
// ends. Issued JWTs are forgotten as loading begins (the whitelist lived in
// the old process's memory) and again as it ends (a login still running
// when the restart began does not outlive it); they then answer 401 "token
// is invalidated", as after ForgetTokens. The permanent admin token keeps
// working, the files stay, and the requests are counted as usual.
//
// Only /api routes the server knows are affected: /ping, /d, /p and the
// web UI's page (unknown routes) answer as usual. A Restart during another
// starts over from closing. Close does not wait for the restart to end.
func (s *Server) Restart(closing, loading time.Duration) {
	rs := &s.restart
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.gen++
	rs.stopTimerLocked()
	if rs.loaded == nil {
		rs.loaded = make(chan struct{})
	}
	rs.phase.Store(phaseClosing)
	rs.afterLocked(closing, func() {
		s.ForgetTokens()
		s.reloadStorages() // the new process mounts the enabled rows: ghosts are gone
		s.restartTasks()   // v3.38 persists copy tasks, the others forget them
		rs.phase.Store(phaseLoading)
		rs.afterLocked(loading, func() {
			s.ForgetTokens()
			rs.phase.Store(phaseRunning)
			close(rs.loaded)
			rs.loaded, rs.timer = nil, nil
		})
	})
}

// afterLocked runs fn, with rs.mu held, after d (at once if d <= 0) unless
// a later Restart or Close came first.
func (rs *restartState) afterLocked(d time.Duration, fn func()) {
	if d <= 0 {
		fn()
		return
	}
	gen := rs.gen
	rs.timer = time.AfterFunc(d, func() {
		rs.mu.Lock()
		defer rs.mu.Unlock()
		if rs.gen == gen {
			fn()
		}
	})
}

func (rs *restartState) stopTimerLocked() {
	if rs.timer != nil {
		rs.timer.Stop()
		rs.timer = nil
	}
}

// stop cancels a pending phase change (Close); held requests are released
// by the server's context.
func (rs *restartState) stop() {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.gen++
	rs.stopTimerLocked()
}

// restarting is the cheap test ServeHTTP makes on every request.
func (s *Server) restarting() bool { return s.restart.phase.Load() != phaseRunning }

// restartGate answers an /api request that arrives during a restart, or
// holds it (OpenList) until loading ends. It returns true when the request
// is done with: answered, or its client or the server went away meanwhile.
func (s *Server) restartGate(w http.ResponseWriter, r *http.Request) bool {
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		return false
	}
	for {
		switch s.restart.phase.Load() {
		case phaseRunning:
			return false
		case phaseClosing:
			writeError(w, errDatabaseClosed)
			return true
		}
		if !s.flavor.loadingBlocks() {
			writeError(w, errLoadingStorage)
			return true
		}
		if !s.waitLoaded(r.Context()) {
			if s.ctx.Err() != nil {
				dropConn(w) // closed: no answer at all, as from a process that died
			}
			return true
		}
		// Loaded; look again, another restart may have begun since.
	}
}

// waitLoaded holds a request until loading ends; false if its client or the
// server went away first.
func (s *Server) waitLoaded(ctx context.Context) bool {
	rs := &s.restart
	rs.mu.Lock()
	ch := rs.loaded
	rs.mu.Unlock()
	if ch == nil {
		return true // ended meanwhile
	}
	select {
	case <-ch:
		return true
	case <-ctx.Done():
		return false
	case <-s.ctx.Done():
		return false
	}
}
