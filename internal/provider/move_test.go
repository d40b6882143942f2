package provider

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// moveRoutes are the calls that move or send bytes.
var moveRoutes = []string{"/api/fs/put", "/api/fs/form", "/api/fs/copy", "/api/fs/move", "/api/fs/rename"}

// callCounter snapshots the local server's counts of moveRoutes before a
// step, and checks the step's calls after it. Against a real server
// nothing is counted (the step runs all the same).
type callCounter struct {
	e      *testEnv
	before map[string]int
}

func (c *callCounter) snapshot() {
	if c.e.server == nil {
		return
	}
	c.before = map[string]int{}
	for _, r := range moveRoutes {
		c.before[r] = c.e.server.Count(r)
	}
}

// expect checks the calls of the step: want per route, 0 for the others.
func (c *callCounter) expect(want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if c.e.server == nil {
			return nil
		}
		for _, r := range moveRoutes {
			if n := c.e.server.Count(r) - c.before[r]; n != want[r] {
				return fmt.Errorf("%d calls of %s, want %d", n, r, want[r])
			}
		}
		return nil
	}
}

// expectMove checks that the plan updates addr in place, from path from to
// path to.
type expectMove struct{ addr, from, to string }

func (c expectMove) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		if !rc.Change.Actions.Update() {
			resp.Error = fmt.Errorf("%s: planned %v, want an update in place", c.addr, rc.Change.Actions)
			return
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		if before["path"] != c.from || after["path"] != c.to {
			resp.Error = fmt.Errorf("%s: path planned from %v to %v, want %s to %s", c.addr, before["path"], after["path"], c.from, c.to)
		}
		return
	}
	resp.Error = fmt.Errorf("%s: not in the plan", c.addr)
}

// moveStep changes addr's path from from to to with cfg: the plan says
// update in place, the apply makes the calls in want and no other, and
// the next plan is empty.
func moveStep(cfg, addr, from, to string, calls *callCounter, want map[string]int, check resource.TestCheckFunc) resource.TestStep {
	return resource.TestStep{
		PreConfig: calls.snapshot,
		Config:    cfg,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				expectMove{addr, from, to},
			},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		Check: resource.ComposeTestCheckFunc(calls.expect(want), check),
	}
}

// checkFileSize checks that p is a file of size bytes.
func (e *testEnv) checkFileSize(p string, size int64) resource.TestCheckFunc {
	return func(*terraform.State) error {
		obj, err := e.client.Get(t0(), p, "")
		if err != nil {
			return fmt.Errorf("server: %s: %w", p, err)
		}
		if obj.IsDir || obj.Size != size {
			return fmt.Errorf("server: %s is a folder (%v) of %d bytes, want a file of %d", p, obj.IsDir, obj.Size, size)
		}
		return nil
	}
}

// A 64 MiB file renamed, then moved to another folder under another name:
// each is an update in place, one call (fs/rename), then fs/move and
// fs/rename, and not a byte sent again.
func TestAccMove_file(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		const size = 64 << 20
		src := filepath.Join(t.TempDir(), "big.bin")
		if err := os.WriteFile(src, bytes.Repeat([]byte("0123456789abcdef"), size/16), 0o600); err != nil {
			t.Fatal(err)
		}
		const addr = "alist_file.big"
		a, b, c := e.path("big/a.bin"), e.path("big/b.bin"), e.path("archive/2026/c.bin")
		cfg := func(p string) string { return fileConfig(e, "big", p, fmt.Sprintf("source = %q", src)) }
		calls := &callCounter{e: e}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkGone(a, b, c),
			Steps: []resource.TestStep{
				{Config: cfg(a), Check: e.checkFileSize(a, size)},
				moveStep(cfg(b), addr, a, b, calls, map[string]int{"/api/fs/rename": 1},
					resource.ComposeTestCheckFunc(e.checkFileSize(b, size), e.checkGone(a),
						resource.TestCheckResourceAttr(addr, "id", b))),
				moveStep(cfg(c), addr, b, c, calls, map[string]int{"/api/fs/move": 1, "/api/fs/rename": 1},
					resource.ComposeTestCheckFunc(e.checkFileSize(c, size), e.checkGone(b))),
			},
		})
	})
}

// A synced folder of 500 files moved to a sibling path: one fs/rename, no
// upload, and the next plan is empty (the files' records follow).
func TestAccMove_directorySync(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		src := t.TempDir()
		files := map[string]string{}
		for i := range 500 {
			files[fmt.Sprintf("d%d/f%03d.txt", i%5, i)] = fmt.Sprintf("file %d\n", i)
		}
		writeTree(t, src, files)
		site, moved := e.path("site"), e.path("site-2026")
		calls := &callCounter{e: e}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             resource.ComposeTestCheckFunc(e.checkRemoteTree(site, nil), e.checkRemoteTree(moved, nil)),
			Steps: []resource.TestStep{
				{Config: syncConfig(e, src, site, "")},
				moveStep(syncConfig(e, src, moved, ""), syncAddr, site, moved, calls, map[string]int{"/api/fs/rename": 1},
					resource.ComposeTestCheckFunc(e.checkRemoteTree(moved, files), e.checkGone(site))),
			},
		})
	})
}

// A folder moved into another folder (fs/move), with what it holds.
func TestAccMove_directory(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		const addr = "alist_directory.d"
		p, moved := e.path("releases"), e.path("archive/releases")
		calls := &callCounter{e: e}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkGone(p, moved),
			Steps: []resource.TestStep{
				{Config: dirConfig(e, p, "force_destroy = true"), Check: func(*terraform.State) error {
					e.put(p+"/v1.txt", []byte("v1"))
					return nil
				}},
				moveStep(dirConfig(e, moved, "force_destroy = true"), addr, p, moved, calls, map[string]int{"/api/fs/move": 1},
					resource.ComposeTestCheckFunc(e.checkDir(moved), e.checkRemote(moved+"/v1.txt", []byte("v1")), e.checkGone(p),
						resource.TestCheckResourceAttr(addr, "name", "releases"))),
			},
		})
	})
}

// A destination that exists is refused, and nothing is lost; alist_file's
// overwrite = true moves onto a file (never a folder).
func TestAccMove_destinationExists(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		const addr = "alist_file.f"
		a, taken, folder := e.path("a.txt"), e.path("taken.txt"), e.path("folder")
		cfg := func(p, extra string) string { return fileConfig(e, "f", p, `content = "mine"`+"\n"+extra) }
		intact := resource.ComposeTestCheckFunc(e.checkRemote(a, []byte("mine")), e.checkRemote(taken, []byte("theirs")), e.checkDir(folder))
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkGone(a, taken),
			Steps: []resource.TestStep{
				{Config: cfg(a, ""), Check: func(*terraform.State) error {
					e.put(taken, []byte("theirs"))
					mkdir(t, e, folder)
					return nil
				}},
				{Config: cfg(taken, ""), ExpectError: re(`(?s)The destination exists.*A file exists at .*taken.txt.*nothing was moved`)},
				{Config: cfg(a, ""), Check: intact},
				{Config: cfg(folder, "overwrite = true"), ExpectError: re("(?s)The destination exists.*A folder exists.*`overwrite = true` replaces a file, never a folder")},
				{Config: cfg(a, ""), Check: intact},
				{Config: cfg(taken, "overwrite = true"), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{expectMove{addr, a, taken}}},
					Check: resource.ComposeTestCheckFunc(e.checkRemote(taken, []byte("mine")), e.checkGone(a))},
			},
		})
	})
}

// A path on another storage replaces the resource: AList refuses a move
// between storages and OpenList's may never delete its source.
func TestAccMove_otherStorageReplaces(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f, Storages: []string{"/local", "/other"}})
		e.needsLocal("needs a second storage")
		testReplaced(t, e, e, e.path("a.txt"), "/other/"+t.Name()+"/a.txt")
	})
}

// An account that is not an admin cannot list the storages, so it cannot
// tell that two paths share one: a new path replaces the resource (the
// plan warns), even where a move would have worked.
func TestAccMove_notAdminReplaces(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		u := alisttest.User{Username: "mover", Password: "mover-pass", BasePath: "/",
			Permission: alisttest.PermWrite | alisttest.PermRemove | alisttest.PermRename | alisttest.PermMove}
		e := newEnv(t, alisttest.Options{Flavor: f, Users: []alisttest.User{u}})
		e.needsLocal(whySecondUser)
		testReplaced(t, e, e.withCredentials(u.Username, u.Password), e.path("a.txt"), e.path("b.txt"))
	})
}

// testReplaced moves alist_file.f (content "x", configured as as) from a
// to b: the plan replaces it, the apply uploads it once to b and a is gone.
func testReplaced(t *testing.T, e, as *testEnv, a, b string) {
	calls := &callCounter{e: e}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: as.factories(),
		CheckDestroy:             e.checkGone(a, b),
		Steps: []resource.TestStep{
			{Config: fileConfig(as, "f", a, `content = "x"`)},
			{PreConfig: calls.snapshot, Config: fileConfig(as, "f", b, `content = "x"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("alist_file.f", plancheck.ResourceActionDestroyBeforeCreate)}},
				Check: resource.ComposeTestCheckFunc(calls.expect(map[string]int{"/api/fs/put": 1}), e.checkRemote(b, []byte("x")), e.checkGone(a))},
		},
	})
}

// The storage holding a path is the longest mount path it lies in; an
// account that cannot list the storages cannot tell, and says why.
func TestSameStorage(t *testing.T) {
	u := alisttest.User{Username: "mover", Password: "mover-pass", Permission: alisttest.PermWrite}
	srv := alisttest.NewServer(t, alisttest.Options{Storages: []string{"/local", "/local/sub", "/other"}, Users: []alisttest.User{u}})
	data := func(user, pw string) *providerData {
		s, err := alist.NewSession(alist.Config{URL: srv.URL, Username: user, Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		return &providerData{session: s}
	}
	admin := data("admin", "admin-pass-123")
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"/local/a", "/local/b/c", true},
		{"/local/a", "/local/sub/x", false},
		{"/local/sub/a", "/local/sub/b", true},
		{"/local/a", "/other/a", false},
		{"/local/a", "/nowhere/a", false},
	} {
		if same, why := admin.sameStorage(t0(), c.a, c.b); same != c.same || why != "" {
			t.Errorf("%s and %s: same %t (%s), want %t", c.a, c.b, same, why, c.same)
		}
	}
	if same, why := data(u.Username, u.Password).sameStorage(t0(), "/local/a", "/local/b"); same || !strings.Contains(why, `the account "mover" is not an admin`) {
		t.Errorf("not an admin: same %t, why %q", same, why)
	}
}
