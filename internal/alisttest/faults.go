package alisttest

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Fault is a failure the server can inject instead of answering.
type Fault int

const (
	FaultHTTP500     Fault = iota // a proxy-style HTML error page with HTTP 500
	FaultHTTP502                  // ... HTTP 502 Bad Gateway
	FaultHTTP503                  // ... HTTP 503 Service Unavailable
	FaultDrop                     // close the connection without answering
	FaultDropMidBody              // read about half of the body, then close the connection
)

func (f Fault) String() string {
	switch f {
	case FaultHTTP500:
		return "http-500"
	case FaultHTTP502:
		return "http-502"
	case FaultHTTP503:
		return "http-503"
	case FaultDrop:
		return "drop"
	case FaultDropMidBody:
		return "drop-mid-body"
	}
	return fmt.Sprintf("Fault(%d)", int(f))
}

type faultBatch struct {
	n int
	f Fault
}

type faultState struct {
	mu         sync.Mutex
	next       []faultBatch            // FailNext, in order
	onRoute    map[string][]faultBatch // FailNextOn, per path
	rate       float64
	rateFault  Fault
	ratePrefix string                  // only paths with this prefix ("" for all)
	hooks      map[string][]*routeHook // Hook, per path
	rng        *rand.Rand              // seeded: a failing test fails the same way again
	latency    time.Duration
}

func (fs *faultState) init() {
	fs.onRoute = map[string][]faultBatch{}
	fs.hooks = map[string][]*routeHook{}
	fs.rng = rand.New(rand.NewSource(1))
}

// FailNext makes the next n requests, to any route, fail with f. Calls
// queue up: FailNext(1, FaultHTTP502) then FailNext(1, FaultDrop) fails
// the next request with a 502 and the one after by dropping it.
func (s *Server) FailNext(n int, f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	if n > 0 {
		s.faults.next = append(s.faults.next, faultBatch{n, f})
	}
}

// FailNextOn makes the next n requests to one path (e.g. "/api/fs/put")
// fail with f. These take precedence over FailNext.
func (s *Server) FailNextOn(route string, n int, f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	if n > 0 {
		s.faults.onRoute[route] = append(s.faults.onRoute[route], faultBatch{n, f})
	}
}

// FailRate makes each request fail with f with probability rate; 0 stops it.
func (s *Server) FailRate(rate float64, f Fault) { s.FailRateOn("", rate, f) }

// FailRateOn is FailRate for the paths that start with prefix, e.g.
// "/api/fs/" to spare logins, which clients never retry.
func (s *Server) FailRateOn(prefix string, rate float64, f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.rate, s.faults.rateFault, s.faults.ratePrefix = rate, f, prefix
}

type routeHook struct {
	left int
	fn   func()
}

// Hook runs fn just before the server handles the nth request (counting
// from now, 1 for the next) to route: "the server restarts before the 10th
// upload". fn runs once, before authentication.
func (s *Server) Hook(route string, nth int, fn func()) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.hooks[route] = append(s.faults.hooks[route], &routeHook{left: nth, fn: fn})
}

// runHooks runs the hooks due for a request to p.
func (fs *faultState) runHooks(p string) {
	fs.mu.Lock()
	var due []func()
	kept := fs.hooks[p][:0]
	for _, h := range fs.hooks[p] {
		if h.left--; h.left <= 0 {
			due = append(due, h.fn)
		} else {
			kept = append(kept, h)
		}
	}
	fs.hooks[p] = kept
	fs.mu.Unlock()
	for _, fn := range due {
		fn()
	}
}

// SetLatency delays every answer by d.
func (s *Server) SetLatency(d time.Duration) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.latency = d
}

func takeBatch(q []faultBatch) (Fault, []faultBatch, bool) {
	if len(q) == 0 {
		return 0, q, false
	}
	f := q[0].f
	if q[0].n--; q[0].n == 0 {
		q = q[1:]
	}
	return f, q, true
}

func (fs *faultState) take(p string) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var f Fault
	var ok bool
	if f, fs.onRoute[p], ok = takeBatch(fs.onRoute[p]); ok {
		return f, true
	}
	if f, fs.next, ok = takeBatch(fs.next); ok {
		return f, true
	}
	if fs.rate > 0 && strings.HasPrefix(p, fs.ratePrefix) && fs.rng.Float64() < fs.rate {
		return fs.rateFault, true
	}
	return 0, false
}

// sleep applies the latency; false if the client went away meanwhile.
func (fs *faultState) sleep(ctx context.Context) bool {
	fs.mu.Lock()
	d := fs.latency
	fs.mu.Unlock()
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// proxyErrorPage is what a reverse proxy in front of the server sends.
const proxyErrorPage = "<html>\r\n<head><title>%[1]d %[2]s</title></head>\r\n<body>\r\n<center><h1>%[1]d %[2]s</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

// inject fails the request if a fault is due; true if it did.
func (fs *faultState) inject(w http.ResponseWriter, r *http.Request) bool {
	f, ok := fs.take(r.URL.Path)
	if !ok {
		return false
	}
	switch f {
	case FaultHTTP500, FaultHTTP502, FaultHTTP503:
		status := map[Fault]int{FaultHTTP500: 500, FaultHTTP502: 502, FaultHTTP503: 503}[f]
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, proxyErrorPage, status, http.StatusText(status))
	case FaultDropMidBody:
		half := r.ContentLength / 2
		if r.ContentLength < 0 {
			half = 64 << 10 // unknown length: take a bit, then drop
		}
		_, _ = io.CopyN(io.Discard, r.Body, half)
		dropConn(w)
	default:
		dropConn(w)
	}
	return true
}

// dropConn closes the connection without an answer.
func dropConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // HTTP/2: abort the stream instead
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
