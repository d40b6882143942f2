package alist_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

const (
	probeRoles = "/api/admin/role/list"
	probeScan  = "/api/admin/scan/progress"
)

// Probed infos, as Session.Info builds them for a self-built ("dev") server.
var (
	devRoles    = alist.ServerInfo{Version: "dev", Product: alist.ProductAList, Source: alist.SourceProbe, RoleRoutes: true}
	devOld      = alist.ServerInfo{Version: "dev", Product: alist.ProductAList, Source: alist.SourceProbe}
	devOpenList = alist.ServerInfo{Version: "dev", Product: alist.ProductOpenList, Source: alist.SourceProbe}
)

// dialect is what the provider asks of a ServerInfo.
type dialect struct {
	kind                                        string
	openList, overwrite, twice, roles, absolute bool
}

func dialectOf(i alist.ServerInfo) dialect {
	return dialect{i.Kind(), i.IsOpenList(), i.HonoursOverwrite(), i.DecodesProxyPathTwice(), i.HasRoles(), i.AbsoluteUserPaths()}
}

var (
	likeV338     = dialect{kind: "AList v3"}
	likeV346     = dialect{kind: "AList v3", roles: true}
	likeV349     = dialect{kind: "AList v3", roles: true, absolute: true}
	likeV360     = dialect{kind: "AList v3", roles: true, absolute: true, twice: true}
	likeV362     = dialect{kind: "AList v3", roles: true, absolute: true, twice: true, overwrite: true}
	likeOpenList = dialect{kind: "OpenList", openList: true, overwrite: true}
)

func TestParseServerInfo(t *testing.T) {
	for _, tc := range []struct {
		version             string
		product             alist.Product
		major, minor, patch int
		source              alist.Source
		want                dialect
	}{
		{"v3.38.0", alist.ProductAList, 3, 38, 0, alist.SourceVersion, likeV338},
		{"v3.45.1", alist.ProductAList, 3, 45, 1, alist.SourceVersion, likeV338},
		{"v3.46.0", alist.ProductAList, 3, 46, 0, alist.SourceVersion, likeV346},
		{"v3.48.2", alist.ProductAList, 3, 48, 2, alist.SourceVersion, likeV346},
		{"v3.49.0", alist.ProductAList, 3, 49, 0, alist.SourceVersion, likeV349},
		{"v3.59.0", alist.ProductAList, 3, 59, 0, alist.SourceVersion, likeV349},
		{"v3.60.0", alist.ProductAList, 3, 60, 0, alist.SourceVersion, likeV360},
		{"v3.62.0", alist.ProductAList, 3, 62, 0, alist.SourceVersion, likeV362},
		{"3.62.1", alist.ProductAList, 3, 62, 1, alist.SourceVersion, likeV362},
		{" v3.62.0-beta.1 ", alist.ProductAList, 3, 62, 0, alist.SourceVersion, likeV362},
		{"v3.62", alist.ProductAList, 3, 62, 0, alist.SourceVersion, likeV362},
		{"v2.6.3", alist.ProductAList, 2, 6, 3, alist.SourceVersion, likeV338},
		{"v4.2.5 (Commit: cc87e88) - Frontend: v4.2.5 - Build at: 2026-01-01", alist.ProductOpenList, 4, 2, 5, alist.SourceVersion, likeOpenList},
		{"v4.0.0", alist.ProductOpenList, 4, 0, 0, alist.SourceVersion, likeOpenList},
		{"dev (Commit: unknown) - Frontend: rolling - Build at: unknown", alist.ProductOpenList, 0, 0, 0, alist.SourceVersion, likeOpenList},
		{"dev", alist.ProductUnknown, 0, 0, 0, alist.SourceNone, likeV338},
		{"", alist.ProductUnknown, 0, 0, 0, alist.SourceNone, likeV338},
		{"beta", alist.ProductUnknown, 0, 0, 0, alist.SourceNone, likeV338},
		{"v0.0.0", alist.ProductUnknown, 0, 0, 0, alist.SourceNone, likeV338},
		{"version 3.62", alist.ProductUnknown, 0, 0, 0, alist.SourceNone, likeV338},
	} {
		i := alist.ParseServerInfo(tc.version)
		if i.Version != tc.version || i.Product != tc.product || i.Major != tc.major || i.Minor != tc.minor || i.Patch != tc.patch || i.Source != tc.source || i.RoleRoutes {
			t.Errorf("%q: %+v", tc.version, i)
		}
		if got := dialectOf(i); got != tc.want {
			t.Errorf("%q: %+v, want %+v", tc.version, got, tc.want)
		}
	}
}

// OpenList's AList V3 driver serves its top folder only from its first
// release (v4.1.9) to v4.2.5; AList's and unknown releases are not flagged.
func TestPeerDriverTopOnly(t *testing.T) {
	for version, want := range map[string]bool{
		"v4.2.5 (Commit: cc87e88) - Frontend: v4.2.5 - Build at: 2026-01-01": true,
		"v4.2.0": true, "v4.1.9": true, "v4.1.10": true,
		"v4.1.8": false, "v4.0.0": false, "v4.2.6": false, "v4.3.0": false, "v5.0.0": false,
		"v3.38.0": false, "v3.62.0": false, "dev": false,
		"dev (Commit: unknown) - Frontend: rolling - Build at: unknown": false,
	} {
		if got := alist.ParseServerInfo(version).PeerDriverTopOnly(); got != want {
			t.Errorf("%q: %v, want %v", version, got, want)
		}
	}
}

func TestProbedServerInfo(t *testing.T) {
	for _, tc := range []struct {
		info alist.ServerInfo
		want dialect
		name string
	}{
		{devRoles, likeV362, `AList v3 (version "dev"; taken as v3.62 by its routes)`},
		{devOld, likeV338, `AList v3 (version "dev"; taken as v3.38 by its routes)`},
		{devOpenList, likeOpenList, `OpenList (version "dev"; told by its routes)`},
		{alist.ParseServerInfo("dev"), likeV338, `unknown (version "dev"; taken as AList v3.38)`},
		{alist.ParseServerInfo("v3.62.0"), likeV362, "AList v3 (v3.62.0)"},
	} {
		if got := dialectOf(tc.info); got != tc.want {
			t.Errorf("%+v: %+v, want %+v", tc.info, got, tc.want)
		}
		if got := tc.info.String(); got != tc.name {
			t.Errorf("String() = %q, want %q", got, tc.name)
		}
	}
}

// Info reads the version; where it names no release it probes the routes
// only one line has, never logging in for it, and keeps the result.
func TestInfoProbes(t *testing.T) {
	for _, tc := range []struct {
		name       string
		version    string
		routes     []string
		want       dialect
		source     alist.Source
		roleProbes int
		scanProbes int
	}{
		{"release v3.62", "v3.62.0", []string{probeRoles}, likeV362, alist.SourceVersion, 0, 0},
		{"release v3.38", "v3.38.0", nil, likeV338, alist.SourceVersion, 0, 0},
		{"release OpenList", "v4.2.5 (Commit: cc87e88)", []string{probeScan}, likeOpenList, alist.SourceVersion, 0, 0},
		{"dev v3.62", "dev", []string{probeRoles}, likeV362, alist.SourceProbe, 1, 0},
		{"dev OpenList", "dev", []string{probeScan}, likeOpenList, alist.SourceProbe, 1, 1},
		{"dev v3.38", "dev", nil, likeV338, alist.SourceProbe, 1, 1},
		{"empty v3.62", "", []string{probeRoles}, likeV362, alist.SourceProbe, 1, 0},
		{"beta OpenList", "beta", []string{probeScan}, likeOpenList, alist.SourceProbe, 1, 1},
	} {
		for _, cred := range []struct {
			name     string
			cfg      alist.Config
			login    bool   // log in before asking
			wantAuth string // Authorization the probes carry ("*": the session's JWT)
		}{
			{"no token, wrong password", alist.Config{Username: "admin", Password: "wrong"}, false, ""},
			{"logged in", alist.Config{Username: "admin", Password: adminPass}, true, "*"},
			{"stale token", alist.Config{Token: "stale", Username: "admin", Password: adminPass}, false, "stale"},
			{"non-admin token", alist.Config{Token: "reader-token"}, false, "reader-token"},
		} {
			t.Run(tc.name+"/"+cred.name, func(t *testing.T) {
				f := newFake(t, tc.version, tc.routes...)
				cfg := cred.cfg
				cfg.URL = f.URL
				s := session(t, cfg)
				ctx := context.Background()
				if cred.login {
					if err := s.Login(ctx); err != nil {
						t.Fatal(err)
					}
				}
				logins := f.count("/api/auth/login/hash")
				for range 3 {
					info, err := s.Info(ctx)
					if err != nil {
						t.Fatal(err)
					}
					if got := dialectOf(info); got != tc.want || info.Source != tc.source || info.Version != tc.version {
						t.Fatalf("%+v: %+v, want %+v from %v", info, got, tc.want, tc.source)
					}
				}
				if n := f.count("/api/public/settings"); n != 1 {
					t.Errorf("%d public/settings requests, want 1", n)
				}
				if n, m := f.count(probeRoles), f.count(probeScan); n != tc.roleProbes || m != tc.scanProbes {
					t.Errorf("probes: %d role, %d scan; want %d, %d", n, m, tc.roleProbes, tc.scanProbes)
				}
				if n := f.count("/api/auth/login/hash") - logins; n != 0 {
					t.Errorf("the probes caused %d logins", n)
				}
				want := cred.wantAuth
				if want == "*" {
					want = "jwt-1"
				}
				for _, p := range []string{probeRoles, probeScan} {
					for _, got := range f.authsOn(p) {
						if got != want {
							t.Errorf("%s sent with Authorization %q, want %q", p, got, want)
						}
					}
				}
				if cred.cfg.Password == "wrong" { // the wrong password is still sent once, when a call needs it
					for range 2 {
						if err := s.Login(ctx); !errors.Is(err, alist.ErrInvalidCredentials) {
							t.Fatalf("login: %v", err)
						}
					}
					if n := f.count("/api/auth/login/hash"); n != 1 {
						t.Errorf("%d logins, want 1", n)
					}
				}
			})
		}
	}
}

// Concurrent first callers share one public/settings request and one probe.
func TestInfoConcurrentCallers(t *testing.T) {
	f := newFake(t, "dev")
	f.settingsWait = 50 * time.Millisecond
	s := session(t, alist.Config{URL: f.URL, Username: "admin", Password: adminPass})
	var wg sync.WaitGroup
	infos := make([]alist.ServerInfo, 20)
	for i := range infos {
		wg.Go(func() {
			info, err := s.Info(context.Background())
			if err != nil {
				t.Error(err)
			}
			infos[i] = info
		})
	}
	wg.Wait()
	for _, info := range infos {
		if info != devOld {
			t.Errorf("got %+v, want %+v", info, devOld)
		}
	}
	if a, b, c := f.count("/api/public/settings"), f.count(probeRoles), f.count(probeScan); a != 1 || b != 1 || c != 1 {
		t.Errorf("requests: %d settings, %d role, %d scan; want 1 each", a, b, c)
	}
}

// A caller that gives up does not fail the others waiting for the same answer.
func TestInfoCallerGivesUp(t *testing.T) {
	f := newFake(t, "v3.62.0")
	f.settingsWait = 200 * time.Millisecond
	s := session(t, alist.Config{URL: f.URL, Username: "admin", Password: adminPass})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	first := make(chan error, 1)
	go func() { _, err := s.Info(ctx); first <- err }()
	time.Sleep(10 * time.Millisecond)
	info, err := s.Info(context.Background())
	if err != nil || !info.HonoursOverwrite() {
		t.Errorf("waiting caller: %+v %v", info, err)
	}
	if err := <-first; !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("impatient caller: %v", err)
	}
}

// A probe meeting a server that is loading its storages is retried; once the
// retries are spent Info fails, and the failure is not kept.
func TestInfoProbeWhileLoading(t *testing.T) {
	f := newFake(t, "dev", probeRoles)
	f.failNext[probeRoles] = []string{"Loading storage, please wait", "Loading storage, please wait"}
	cfg := alist.Config{URL: f.URL, Username: "admin", Password: adminPass, MaxRetries: 1, RetryMaxWait: time.Millisecond}
	s := session(t, cfg)
	if _, err := s.Info(context.Background()); !errors.Is(err, alist.ErrServerUnavailable) {
		t.Fatalf("got %v, want ErrServerUnavailable", err)
	}
	info, err := s.Info(context.Background())
	if err != nil || info != devRoles {
		t.Fatalf("second try: %+v %v", info, err)
	}
	if n := f.count(probeRoles); n != 3 {
		t.Errorf("%d role probes, want 2 loading + 1", n)
	}
	if n := f.count("/api/auth/login/hash"); n != 0 {
		t.Errorf("%d logins", n)
	}
}

// Public settings that do not answer JSON: an error, not kept.
func TestInfoFailureNotKept(t *testing.T) {
	f := newFake(t, "v3.62.0")
	f.notJSON["/api/public/settings"] = true
	s := session(t, alist.Config{URL: f.URL, Username: "admin", Password: adminPass})
	if _, err := s.Info(context.Background()); !errors.Is(err, alist.ErrNotAPI) {
		t.Fatalf("got %v", err)
	}
	f.mu.Lock()
	f.notJSON["/api/public/settings"] = false
	f.mu.Unlock()
	if info, err := s.Info(context.Background()); err != nil || !info.DecodesProxyPathTwice() {
		t.Fatalf("%+v %v", info, err)
	}
}

// CachedMe asks once for concurrent and later callers; Me always asks.
func TestCachedMe(t *testing.T) {
	f := newFake(t, "v3.62.0")
	s := session(t, alist.Config{URL: f.URL, Username: "admin", Password: adminPass})
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			me, err := s.CachedMe(context.Background())
			if err != nil || !me.IsAdmin() || !slices.Equal(me.Roles, []int{2}) {
				t.Errorf("%+v %v", me, err)
			}
			me.Roles[0] = 99 // a caller's copy
		})
	}
	wg.Wait()
	if n := f.count("/api/me"); n != 1 {
		t.Errorf("%d /api/me for 10 CachedMe, want 1", n)
	}
	if me, _ := s.CachedMe(context.Background()); me == nil || me.Roles[0] != 2 {
		t.Errorf("a caller changed the cached account: %+v", me)
	}
	if _, err := s.Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := f.count("/api/me"); n != 2 {
		t.Errorf("Me is not cached: %d requests, want 2", n)
	}
}
