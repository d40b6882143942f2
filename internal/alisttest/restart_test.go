package alisttest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// waitPhase waits until the restart is in phase.
func waitPhase(t *testing.T, s *Server, phase int32) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for s.restart.phase.Load() != phase {
		if time.Now().After(deadline) {
			t.Fatalf("restart phase %d, want %d", s.restart.phase.Load(), phase)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// issuedTokens is how many JWTs the server remembers.
func issuedTokens(s *Server) int {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	return len(s.auth.tokens)
}

// answer is what a request sent from another goroutine got.
type answer struct {
	code   int
	msg    string
	err    error
	phase  int32 // the restart phase when the answer arrived
	status int
}

// goGet sends GET p with token in the background.
func goGet(ctx context.Context, s *Server, p, token string) <-chan answer {
	ch := make(chan answer, 1)
	go func() {
		var a answer
		defer func() { ch <- a }()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+p, nil)
		if err != nil {
			a.err = err
			return
		}
		req.Header.Set("Authorization", token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			a.err = err
			return
		}
		defer res.Body.Close()
		a.phase, a.status = s.restart.phase.Load(), res.StatusCode
		b, _ := io.ReadAll(res.Body)
		var env envelope
		a.err = json.Unmarshal(b, &env)
		a.code, a.msg = env.Code, env.Message
	}()
	return ch
}

func TestRestart(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		c.put("/local/keep.txt", "kept").ok(t)
		raw := c.fsGet("/local/keep.txt").ok(t).obj(t)["raw_url"].(string)
		oldToken := c.token
		static := newClient(t, s)
		static.token = s.AdminToken()
		anon := newClient(t, s)
		s.ResetCounts()

		// The windows are long enough for a loaded machine; the checks
		// follow the phase changes, not the clock.
		const closing, loading = time.Second, 1500 * time.Millisecond
		s.Restart(closing, loading)

		// Closing: the old process's database is gone.
		for _, r := range []resp{c.fsGet("/local/keep.txt"), static.get("/api/me"), anon.get("/api/public/settings"),
			c.login(DefaultAdminUsername, DefaultAdminPassword)} {
			if want := `{"code":500,"message":"failed select meta: sql: database is closed","data":null}`; r.status != 200 || string(r.raw) != want {
				t.Fatalf("closing: HTTP %d %s, want %s", r.status, r.raw, want)
			}
		}
		if s.restart.phase.Load() != phaseClosing {
			t.Fatal("closing checks ran past the window: make it longer")
		}
		// Not the API: unchanged.
		if r := anon.get("/ping"); string(r.raw) != "pong" {
			t.Fatalf("ping %q", r.raw)
		}
		if r := anon.get(strings.TrimPrefix(raw, s.URL)); string(r.raw) != "kept" {
			t.Fatalf("download %q", r.raw)
		}
		if r := c.get("/api/nope"); r.ctype != "text/html" {
			t.Fatalf("unknown route: %s", r.ctype)
		}

		waitPhase(t, s, phaseLoading)
		// The new process starts with an empty token whitelist.
		if n := issuedTokens(s); n != 0 {
			t.Fatalf("%d tokens survive into loading", n)
		}
		if fl.loadingBlocks() {
			// OpenList holds the requests until the storages are loaded.
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			staticAns := goGet(ctx, s, "/api/me", s.AdminToken())
			oldAns := goGet(ctx, s, "/api/me", oldToken)
			gone, giveUp := context.WithCancel(context.Background())
			goneAns := goGet(gone, s, "/api/me", s.AdminToken())
			time.Sleep(200 * time.Millisecond)
			select {
			case a := <-staticAns:
				t.Fatalf("not held: %+v", a)
			case a := <-oldAns:
				t.Fatalf("not held: %+v", a)
			case a := <-goneAns:
				t.Fatalf("not held: %+v", a)
			default:
			}
			giveUp() // a client that stops waiting frees its request
			if a := <-goneAns; a.err == nil {
				t.Fatalf("canceled request answered: %+v", a)
			}
			if a := <-staticAns; a.err != nil || a.code != 200 || a.phase != phaseRunning {
				t.Fatalf("held static-token request: %+v", a)
			}
			if a := <-oldAns; a.err != nil || a.code != 401 || a.msg != "token is invalidated" || a.phase != phaseRunning {
				t.Fatalf("held old-token request: %+v", a)
			}
		} else {
			for _, r := range []resp{c.fsGet("/local/keep.txt"), static.get("/api/me"), anon.get("/api/public/settings"),
				newClient(t, s).login(DefaultAdminUsername, DefaultAdminPassword)} {
				if want := `{"code":500,"message":"Loading storage, please wait","data":null}`; r.status != 200 || string(r.raw) != want {
					t.Fatalf("loading: HTTP %d %s, want %s", r.status, r.raw, want)
				}
			}
			if s.restart.phase.Load() != phaseLoading {
				t.Fatal("loading checks ran past the window: make it longer")
			}
		}

		waitPhase(t, s, phaseRunning)
		// After: old tokens are dead, the static token and the files live.
		c.fsGet("/local/keep.txt").is(t, 401, "token is invalidated")
		static.get("/api/me").ok(t)
		c.login(DefaultAdminUsername, DefaultAdminPassword).ok(t)
		if g := c.fsGet("/local/keep.txt").ok(t).obj(t); g["size"] != 4.0 {
			t.Fatalf("file after restart: %v", g)
		}
		if b, err := s.ReadFile("/local/keep.txt"); err != nil || string(b) != "kept" {
			t.Fatalf("on disk: %q %v", b, err)
		}
		// Every request was counted, whatever it got: one of each while
		// closing, then on AList one of each while loading, on OpenList the
		// three held /api/me; then two fs/get, one /api/me, one login.
		want := map[string]int{"/api/fs/get": 4, "/api/me": 3, "/api/auth/login": 3}
		if fl.loadingBlocks() {
			want = map[string]int{"/api/fs/get": 3, "/api/me": 5, "/api/auth/login": 2}
		}
		for route, n := range want {
			if got := s.Count(route); got != n {
				t.Errorf("Count(%s) = %d, want %d", route, got, n)
			}
		}
	})
}

// TestRestartFromHook: the restart begins with the hooked request, which
// gets the shutdown's answer and stores nothing.
func TestRestartFromHook(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		s.Hook("/api/fs/put", 3, func() { s.Restart(300*time.Millisecond, 300*time.Millisecond) })
		c.put("/local/1.txt", "1").ok(t)
		c.put("/local/2.txt", "2").ok(t)
		c.put("/local/3.txt", "3").is(t, 500, "failed select meta: sql: database is closed")
		if s.Exists("/local/3.txt") {
			t.Fatal("the refused upload was stored")
		}
		waitPhase(t, s, phaseRunning)
		c.put("/local/3.txt", "3").is(t, 401, "token is invalidated")
		c.login(DefaultAdminUsername, DefaultAdminPassword).ok(t)
		c.put("/local/3.txt", "3").ok(t)
		for _, n := range []string{"1", "2", "3"} {
			if b, _ := s.ReadFile("/local/" + n + ".txt"); string(b) != n {
				t.Fatalf("%s.txt: %q", n, b)
			}
		}
		if n := s.Count("/api/fs/put"); n != 5 {
			t.Fatalf("Count(/api/fs/put) = %d", n)
		}
	})
}

// TestRestartZero: without windows the restart is over at once, and only
// the tokens are gone.
func TestRestartZero(t *testing.T) {
	s := NewServer(t, Options{Flavor: AListV362})
	c := adminClient(t, s)
	s.Restart(0, 0)
	if s.restarting() {
		t.Fatal("still restarting")
	}
	c.get("/api/me").is(t, 401, "token is invalidated")
	c.login(DefaultAdminUsername, DefaultAdminPassword).ok(t)
	c.get("/api/me").ok(t)

	// No closing: loading at once.
	s.Restart(0, time.Hour)
	c.get("/api/me").is(t, 500, "Loading storage, please wait")
	// A restart during another starts over from closing.
	s.Restart(time.Hour, 0)
	c.get("/api/me").is(t, 500, "failed select meta: sql: database is closed")
}

// TestCloseDuringRestart: Close neither waits for the windows nor hangs on
// the requests OpenList holds.
func TestCloseDuringRestart(t *testing.T) {
	t.Parallel()
	for _, fl := range flavors {
		s, err := Start(Options{Flavor: fl})
		if err != nil {
			t.Fatal(err)
		}
		s.Restart(0, time.Hour)
		held := goGet(context.Background(), s, "/api/me", s.AdminToken())
		time.Sleep(100 * time.Millisecond) // let it arrive
		closed := make(chan struct{})
		go func() { s.Close(); close(closed) }()
		select {
		case <-closed:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: Close hangs during a restart", fl)
		}
		a := <-held
		if fl.loadingBlocks() {
			if a.err == nil || a.status != 0 {
				t.Fatalf("%s: held request answered: %+v", fl, a)
			}
		} else if a.code != 500 || a.msg != "Loading storage, please wait" {
			t.Fatalf("%s: %+v", fl, a)
		}
		// Restart after Close is harmless.
		s.Restart(time.Millisecond, time.Millisecond)
		time.Sleep(10 * time.Millisecond)
	}
}
