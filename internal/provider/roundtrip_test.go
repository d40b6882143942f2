package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// The round trip a server's layout takes as code, run the way a user runs
// it: the terraform CLI and a provider binary built from this tree (no test
// framework in between), because -generate-config-out is a CLI feature.

// providerBinary builds the provider once per test process.
var providerBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "alist-tf-provider")
	if err != nil {
		return "", err
	}
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-alist"), ".")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the provider: %v\n%s", err, out)
	}
	return dir, nil
})

// tfCLI is a working directory for the terraform CLI with the provider
// binary installed through dev_overrides.
type tfCLI struct {
	t   *testing.T
	dir string
	env []string
}

func newCLI(t *testing.T) *tfCLI {
	t.Helper()
	bin, err := providerBinary()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	rc := filepath.Join(dir, "terraformrc")
	writeLocal(t, rc, fmt.Appendf(nil, "provider_installation {\n  dev_overrides {\n    \"alist-terraform/alist\" = %q\n  }\n  direct {}\n}\n", bin))
	work := filepath.Join(dir, "work")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"ALIST_URL=", "ALIST_USERNAME=", "ALIST_PASSWORD=", "ALIST_TOKEN=")
	return &tfCLI{t: t, dir: work, env: env}
}

func (c *tfCLI) write(name, text string) { writeLocal(c.t, filepath.Join(c.dir, name), []byte(text)) }

func (c *tfCLI) read(name string) string {
	b, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(b)
}

// run runs terraform and returns its output and exit code.
func (c *tfCLI) run(args ...string) (string, int) {
	c.t.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		bin = "terraform"
	}
	// flags before the positional arguments (a saved plan's file)
	flags := []string{"-no-color", "-input=false"}
	if args[0] == "query" || args[0] == "validate" {
		flags = flags[:1] // they ask for nothing and have no -input
	}
	cmd := exec.Command(bin, append(append([]string{args[0]}, flags...), args[1:]...)...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		c.t.Fatalf("terraform %s: %v", args[0], err)
	}
	return out.String(), cmd.ProcessState.ExitCode()
}

func (c *tfCLI) mustRun(args ...string) string {
	c.t.Helper()
	out, code := c.run(args...)
	if code != 0 {
		c.t.Fatalf("terraform %s failed (exit %d):\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// expectNoChanges is `terraform plan -detailed-exitcode` answering 0.
func (c *tfCLI) expectNoChanges(args ...string) {
	c.t.Helper()
	out, code := c.run(append([]string{"plan", "-detailed-exitcode"}, args...)...)
	if code != 0 {
		c.t.Fatalf("the plan is not empty (exit %d):\n%s", code, out)
	}
}

// An admin's hand-made layout (storages of two drivers, one disabled, one
// with a password; metas) is exported with import blocks and
// -generate-config-out, applied with no change, lost (deleted on the
// server), and restored by applying the generated configuration with the
// one secret supplied: the server ends as it began, and the next plan is
// empty. The same code runs against an external server.
func TestAccRoundTrip_exportAndRestore(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		dir := e.diskDir(e.root)
		e.put(e.path("pub/hello.txt"), []byte("restored"))
		mA, mB, mC, mD := e.mount("media"), e.mount("archive"), e.mount("peer"), e.mount("dav")
		private, pub := e.path("private"), e.path("pub")
		t.Cleanup(func() {
			for _, p := range []string{private, pub} {
				if m, err := e.client.MetaByPath(t0(), p); err == nil {
					_ = e.client.DeleteMeta(t0(), m.ID)
				}
			}
		})
		ctx := t0()
		mk := func(st alist.Storage) uint {
			id, err := e.client.CreateStorage(ctx, &st)
			if err != nil {
				t.Fatalf("create %s: %v", st.MountPath, err)
			}
			return id
		}
		addition := func(m map[string]any) string { s, _ := additionText(m); return s }
		mk(alist.Storage{MountPath: mA, Driver: "Local", Remark: "media share", Order: 5, CacheExpiration: 30, WebdavPolicy: "native_proxy",
			Addition: addition(map[string]any{"root_folder_path": dir, "show_hidden": true, "mkdir_perm": "750"})})
		idB := mk(alist.Storage{MountPath: mB, Driver: "Local", Remark: "old archive", WebdavPolicy: "native_proxy",
			Addition: addition(map[string]any{"root_folder_path": dir})})
		if err := e.client.DisableStorage(ctx, idB); err != nil {
			t.Fatal(err)
		}
		// The peer's file lies a folder down (see e.peerDriver).
		peer := e.peerDriver()
		mk(alist.Storage{MountPath: mC, Driver: peer, CacheExpiration: 30, WebdavPolicy: "302_redirect",
			Addition: addition(map[string]any{"url": e.url, "username": e.username, "password": e.password, "root_folder_path": e.root})})
		if err := e.checkServed(mC+"/pub/hello.txt", []byte("restored"))(nil); err != nil {
			t.Fatalf("the peer storage does not serve its folder: %v", err)
		}
		// A driver whose secret is required: the export leaves it out, and
		// the plans that follow must not ask for it.
		mk(alist.Storage{MountPath: mD, Driver: "WebDav", CacheExpiration: 30, WebdavPolicy: "native_proxy",
			Addition: addition(map[string]any{"address": e.url + "/dav", "username": e.username, "password": e.password, "root_folder_path": e.root})})
		for _, m := range []alist.Meta{
			{Path: private, Password: "pw", PSub: true, Hide: `\.secret$`, Readme: "# Private"},
			{Path: pub, Write: true, Header: "hello"},
		} {
			if _, err := e.client.CreateMeta(ctx, &m); err != nil {
				t.Fatal(err)
			}
		}
		before := snapshotLayout(t, e, []string{mA, mB, mC, mD}, []string{private, pub})

		cli := newCLI(t)
		provider := requireAList + fmt.Sprintf("provider \"alist\" {\n  url = %q\n  username = %q\n  password = %q\n}\n", e.url, e.username, e.password)
		imports := ""
		for to, id := range map[string]string{"alist_storage.media": mA, "alist_storage.archive": mB, "alist_storage.peer": mC, "alist_storage.dav": mD,
			"alist_meta.private": private, "alist_meta.pub": pub} {
			imports += fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", to, id)
		}
		cli.write("main.tf", provider+imports)
		cli.mustRun("plan", "-generate-config-out=generated.tf", "-out=import.plan")
		gen := cli.read("generated.tf")
		if strings.Contains(gen, e.password) {
			t.Fatalf("the generated configuration holds the peer's password:\n%s", gen)
		}
		for _, want := range []string{`driver`, strconv.Quote(peer), `root_folder_path`, `disabled`, `"media share"`} {
			if !strings.Contains(gen, want) {
				t.Fatalf("the generated configuration lacks %s:\n%s", want, gen)
			}
		}
		cli.mustRun("apply", "import.plan")
		cli.expectNoChanges()

		// Lost: everything deleted on the server.
		for _, m := range []string{mA, mB, mC, mD} {
			st, err := e.storageAt(m)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.client.DeleteStorage(ctx, st.ID); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range []string{private, pub} {
			m, err := e.client.MetaByPath(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.client.DeleteMeta(ctx, m.ID); err != nil {
				t.Fatal(err)
			}
		}

		// Restored from the generated configuration, with the import blocks
		// gone (they have done their work) and the peer's password, which
		// the export left out, given as a variable.
		gen = fillGenerated(t, gen, `resource "alist_storage" "peer"`, "sensitive_addition", "{ password = var.peer_password }")
		gen = fillGenerated(t, gen, `resource "alist_storage" "dav"`, "sensitive_addition", "{ password = var.peer_password }")
		gen = fillGenerated(t, gen, `resource "alist_meta" "private"`, "password", "var.private_password")
		cli.write("generated.tf", gen)
		cli.write("main.tf", provider+"variable \"peer_password\" {\n  sensitive = true\n}\nvariable \"private_password\" {\n  sensitive = true\n}\n")
		secrets := []string{"-var=peer_password=" + e.password, "-var=private_password=pw"}
		cli.mustRun(append([]string{"apply", "-auto-approve"}, secrets...)...)
		after := snapshotLayout(t, e, []string{mA, mB, mC, mD}, []string{private, pub})
		if before != after {
			t.Fatalf("the restored layout differs from the original:\nbefore:\n%s\nafter:\n%s", before, after)
		}
		if err := e.checkServed(mC+"/pub/hello.txt", []byte("restored"))(nil); err != nil {
			t.Fatalf("the restored peer storage does not serve its folder: %v", err)
		}
		cli.expectNoChanges(secrets...)
		cli.mustRun(append([]string{"destroy", "-auto-approve"}, secrets...)...)
		for _, m := range []string{mA, mB, mC, mD} {
			if err := e.checkNoStorage(m)(nil); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// fillGenerated sets an attribute of one generated block (adding the line
// when the block has none), as a user fills in the secrets a generated
// configuration leaves out (null) and the references it cannot know.
func fillGenerated(t *testing.T, gen, header, attr, expr string) string {
	t.Helper()
	start := strings.Index(gen, header+" {")
	end := strings.Index(gen[max(start, 0):], "\n}\n")
	if start < 0 || end < 0 {
		t.Fatalf("no block %s in the generated configuration:\n%s", header, gen)
	}
	end += start
	line := regexp.MustCompile(`(?m)^\s*` + attr + `\s*=.*$`)
	loc := line.FindStringIndex(gen[start:end])
	if loc == nil {
		return gen[:end+1] + "  " + attr + " = " + expr + gen[end:]
	}
	return gen[:start+loc[0]] + "  " + attr + " = " + expr + gen[start+loc[1]:]
}

// snapshotLayout is what an admin sees of storages and metas, as text.
func snapshotLayout(t *testing.T, e *testEnv, mounts, metas []string) string {
	t.Helper()
	return layout{mounts: mounts, metas: metas}.snapshot(t, e.client)
}

// layout names the objects a test made on a server, by the names a person
// uses (mount path, meta path, username, role name, setting key).
type layout struct {
	mounts, metas, users, roles, settings []string
}

// snapshot is every field of the layout's objects as text, but the ids and
// times (new on a restore), the drivers' secrets and tokens (refreshed by
// the drivers), and the users' passwords (never sent); the ids of v3.62's
// roles and OpenList's read_users and write_users are given as names.
func (l layout) snapshot(t *testing.T, c *alist.Session) string {
	t.Helper()
	ctx := t0()
	var b strings.Builder
	// line writes a row but the fields dropped, with some set otherwise
	line := func(kind, name string, row any, set map[string]any, drop ...string) {
		m := rowFields(t, row)
		for _, k := range append(drop, "id", "modified") {
			delete(m, k)
		}
		maps.Copy(m, set)
		text, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s %s\n", kind, name, text)
	}
	for _, mp := range l.mounts {
		st, err := c.StorageByMountPath(ctx, mp)
		if err != nil {
			t.Fatalf("storage %s: %v", mp, err)
		}
		add, err := st.AdditionMap()
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range add {
			if isSecret(k, additionString(v), false) {
				delete(add, k)
			}
		}
		st.Addition, _ = additionText(add)
		line("storage", mp, st, nil)
	}
	var users []alist.User
	if len(l.metas) > 0 {
		var err error
		if users, err = c.Users(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range l.metas {
		m, err := c.MetaByPath(ctx, p)
		if err != nil {
			t.Fatalf("meta %s: %v", p, err)
		}
		// OpenList's read_users and write_users: account ids, as names
		set := map[string]any{}
		for field, ids := range map[string]*[]uint{"read_users": m.ReadUsers, "write_users": m.WriteUsers} {
			if ids == nil || len(*ids) == 0 {
				continue
			}
			var names []string
			for _, id := range *ids {
				i := slices.IndexFunc(users, func(u alist.User) bool { return u.ID == id })
				if i < 0 {
					t.Fatalf("meta %s names account id %d, which the server does not list", p, id)
				}
				names = append(names, users[i].Username)
			}
			slices.Sort(names)
			set[field] = names
		}
		line("meta", p, m, set)
	}
	var roles []alist.Role
	if len(l.roles) > 0 || len(l.users) > 0 {
		if info, err := c.Info(ctx); err == nil && info.HasRoles() {
			if roles, err = c.Roles(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, name := range l.users {
		u, err := c.UserByName(ctx, name)
		if err != nil {
			t.Fatalf("user %s: %v", name, err)
		}
		var set map[string]any
		if ids := u.RoleIDs(); ids != nil {
			var names []string
			for _, id := range ids {
				i := slices.IndexFunc(roles, func(r alist.Role) bool { return r.ID == id })
				if i < 0 {
					t.Fatalf("user %s holds role id %d, which the server does not list", name, id)
				}
				names = append(names, roles[i].Name)
			}
			slices.Sort(names)
			set = map[string]any{"role": names}
		}
		line("user", name, u, set, "password")
	}
	for _, name := range l.roles {
		r, err := c.RoleByName(ctx, name)
		if err != nil {
			t.Fatalf("role %s: %v", name, err)
		}
		line("role", name, r, nil)
	}
	for _, k := range l.settings {
		st, err := c.Setting(ctx, k)
		if err != nil {
			t.Fatalf("setting %s: %v", k, err)
		}
		line("setting", k, st, nil)
	}
	return b.String()
}

// rowFields is an API row as the server sent it, every field of it, an
// empty list as null: both mean none (OpenList's read_users and
// write_users are null on a meta made without them, [] on one the
// provider sends).
func rowFields(t *testing.T, row any) map[string]any {
	t.Helper()
	b, err := json.Marshal(row)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range m {
		if l, ok := v.([]any); ok && len(l) == 0 {
			m[k] = nil
		}
	}
	return m
}
