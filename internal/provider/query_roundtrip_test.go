package provider

import (
	"fmt"
	"maps"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// A whole server exported with `terraform query -generate-config-out`,
// brought under Terraform, lost and restored, and cloned to a second
// server, with the CLI a user runs (the harness of roundtrip_test.go).
// Every name the test makes is its own (a unique mount-path prefix, folder,
// username and role-name prefix; settings by key), so that against an
// external server nothing else is listed or touched.
func TestAccQuery_exportRestoreClone(t *testing.T) {
	useQueryTerraform(t)
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		info, err := e.client.Info(t0())
		if err != nil {
			t.Fatal(err)
		}
		cli := newCLI(t) // builds the provider first: not part of the timings
		began := time.Now()
		lap := began
		timing := func(step string) {
			t.Logf("round trip %s: %s took %s", info, step, time.Since(lap).Round(time.Millisecond))
			lap = time.Now()
		}

		// 0. A server made by hand through the API.
		s := newRoundTrip(t, e)
		before := s.all.snapshot(t, e.client)
		effect := s.metaEffect(t, e)
		if want := wantMetaEffect[flavorOf(info)]; effect != want {
			t.Fatalf("the metas' effect is\n%s\nwant\n%s", effect, want)
		}
		timing("setting up")

		// 1. Everything listed (as the list results say, then as code).
		resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: e.factories(), Steps: []resource.TestStep{
			{Query: true, Config: e.queryConfig(nil, s.listBlocks()...), QueryResultChecks: s.listed()}}})
		timing("query checks")
		roundTrip := time.Now()
		cli.useAccount(e)
		cli.env = append(cli.env, s.secretVars()...)
		cli.write("main.tf", requireAList+"provider \"alist\" {}\n")
		cli.write("server.tfquery.hcl", strings.Join(s.listBlocks(), "\n"))
		cli.mustRun("query", "-generate-config-out=server.tf")
		gen := cli.read("server.tf")
		generated := len(gen)
		timing("terraform query")

		// 2. No secret, valid addresses, one resource per object.
		for what, secret := range s.secrets {
			if strings.Contains(gen, secret) {
				t.Fatalf("the generated configuration holds the %s:\n%s", what, gen)
			}
		}
		names := regexp.MustCompile(`(?m)^resource "([^"]+)" "([^"]+)" \{$`).FindAllStringSubmatch(gen, -1)
		if len(names) != s.objects() {
			t.Fatalf("the generated configuration has %d resources, want %d (the test's objects):\n%s", len(names), s.objects(), gen)
		}
		identifier := regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)
		for _, n := range names {
			if !identifier.MatchString(n[2]) {
				t.Fatalf("resource name %q is no valid identifier", n[2])
			}
		}
		if n := strings.Count(gen, "\nimport {"); n != len(names) {
			t.Fatalf("the generated configuration has %d import blocks for %d resources:\n%s", n, len(names), gen)
		}
		// The secrets from variables, as the guide says, and the references a
		// generated configuration cannot know (it holds none).
		gen = s.review(t, gen)
		cli.write("server.tf", gen)
		cli.write("secrets.tf", s.variables())
		cli.mustRun("validate")
		out := cli.mustRun("apply", "-auto-approve")
		if want := fmt.Sprintf("%d imported", len(names)); !strings.Contains(out, want) {
			t.Fatalf("the apply did not import every object (want %q):\n%s", want, out)
		}
		if after := s.all.snapshot(t, e.client); after != before {
			t.Fatalf("the import changed the server:\nbefore:\n%s\nafter:\n%s", before, after)
		}
		timing("import apply")

		// 3. Nothing left to do.
		cli.expectNoChanges()
		timing("plan")

		// 4. Lost and restored; the import blocks have done their work.
		gen = stripImports(gen)
		cli.write("server.tf", gen)
		s.deleteAll(t, e)
		cli.mustRun("apply", "-auto-approve")
		if after := s.all.snapshot(t, e.client); after != before {
			t.Fatalf("the restored server differs from the original:\nbefore:\n%s\nafter:\n%s", before, after)
		}
		if got := s.metaEffect(t, e); got != effect {
			t.Fatalf("the reader sees the restored metas' effect as\n%s\nbefore\n%s", got, effect)
		}
		cli.expectNoChanges()
		timing("restore")

		// 5. The same configuration, a fresh state, a second and empty
		// server of the same flavour. What depends on the machine: the
		// peer and WebDAV storages reach the first server's URL, and the
		// Local storages' root_folder_path is a folder of the first
		// server's disk. When that server runs elsewhere (an external one),
		// the clone's Local storages take a folder of its own instead, as
		// a user's clone on another machine would.
		e2 := newLocalEnv(t, alisttest.Options{Flavor: flavorOf(info)})
		config, original := gen, before
		if _, err := os.Stat(s.diskDir); err != nil {
			here := e2.diskDir(e2.path("export"))
			config = strings.ReplaceAll(config, strconv.Quote(s.diskDir), strconv.Quote(here))
			original = strings.ReplaceAll(original, s.diskDir, here)
		}
		cloneOriginals := e2.settingValues(s.all.settings)
		clone := newCLI(t)
		clone.useAccount(e2)
		clone.env = append(clone.env, s.secretVars()...)
		clone.write("main.tf", cli.read("main.tf"))
		clone.write("secrets.tf", cli.read("secrets.tf"))
		clone.write("server.tf", config)
		clone.mustRun("apply", "-auto-approve")
		if got := s.all.snapshot(t, e2.client); got != original {
			t.Fatalf("the clone differs from the original:\noriginal:\n%s\nclone:\n%s", original, got)
		}
		clone.expectNoChanges()
		timing("clone")

		// 6. Destroyed on both: the objects are gone; a setting goes back to
		// the value it had when Terraform took it over (the clone's
		// defaults; on the first server the values imported at step 2).
		cli.mustRun("destroy", "-auto-approve")
		clone.mustRun("destroy", "-auto-approve")
		s.checkNone(t, e)
		s.checkNone(t, e2)
		if got := e.settingValues(s.all.settings); !maps.Equal(got, s.changed) {
			t.Fatalf("destroy left the first server's settings at %v, want the imported %v", got, s.changed)
		}
		if got := e2.settingValues(s.all.settings); !maps.Equal(got, cloneOriginals) {
			t.Fatalf("destroy left the clone's settings at %v, want its originals %v", got, cloneOriginals)
		}
		e.setSettings(s.originals)
		timing("destroy")
		t.Logf("round trip %s: the CLI's round trip (query to destroy) took %s, the test %s; generated server.tf %d bytes, %d resources",
			info, time.Since(roundTrip).Round(time.Millisecond), time.Since(began).Round(time.Millisecond), generated, len(names))
	})
}

// wantMetaEffect is metaEffect per server version: names hidden from both
// accounts but where v3.62's role grants see_hidden at "/"; the protected
// folder refused to both without its password; OpenList's public folder
// readable by its read_users only.
var wantMetaEffect = map[alisttest.Flavor]string{
	alisttest.AListV338: "reader: public visible.txt; protected refused, with its password inside.txt\n" +
		"account: public visible.txt; protected refused, with its password inside.txt\n",
	alisttest.AListV362: "reader: public visible.txt; protected refused, with its password inside.txt\n" +
		"account: public draft-1.txt,notes.tmp,visible.txt; protected refused, with its password inside.txt\n",
	alisttest.OpenListV4: "reader: public refused; protected refused, with its password inside.txt\n" +
		"account: public visible.txt; protected refused, with its password inside.txt\n",
}

// roundTrip is newHandMade's layout and what the round trip adds to it:
// a peer storage (a password in its settings, a mount path with CJK and
// slashes), a reader account without permissions, three more changed
// settings (one holds a secret), and files to see the metas' effect with.
type roundTrip struct {
	*handMade
	all                layout            // every object, by name
	reader             string            // an account without permissions
	secrets            map[string]string // by variable name: what must never show in a generated configuration
	originals, changed map[string]string // the settings' values before the test, and set by hand
}

func newRoundTrip(t *testing.T, e *testEnv) *roundTrip {
	t.Helper()
	ctx := t0()
	h := newHandMade(e)
	s := &roundTrip{handMade: h, reader: h.user + "-reader"}
	s.secrets = map[string]string{"admin_password": e.password, "meta_password": h.secret, "user_password": h.password,
		"reader_password": "reader-pass-" + h.user, "ldap_password": "ldap-pass-" + h.user}
	t.Cleanup(func() {
		if err := s.remove(e); err != nil {
			t.Logf("cleanup: %v", err)
		}
	})
	e.seed(map[string][]byte{h.metas[0] + "/visible.txt": []byte("v"), h.metas[0] + "/notes.tmp": []byte("t"),
		h.metas[0] + "/draft-1.txt": []byte("d"), h.metas[1] + "/inside.txt": []byte("i")})

	peer := h.mountPrefix + "/百度网盘/peer"
	if _, err := e.client.CreateStorage(ctx, &alist.Storage{MountPath: peer, Driver: e.peerDriver(), CacheExpiration: 30, WebdavPolicy: "302_redirect",
		Addition: mustAdditionText(map[string]any{"url": e.url, "username": e.username, "password": e.password, "root_folder_path": e.root})}); err != nil {
		t.Fatalf("create %s: %v", peer, err)
	}

	reader := &alist.User{Username: s.reader, Password: s.secrets["reader_password"], BasePath: "/", Role: []byte("0")}
	if h.info.HasRoles() {
		general, err := e.client.RoleByName(ctx, "general")
		if err != nil {
			t.Fatal(err)
		}
		reader.SetRoleIDs([]uint{general.ID})
	}
	if _, err := e.client.CreateUser(ctx, reader); err != nil {
		t.Fatalf("creating the account %s: %v", s.reader, err)
	}

	s.all = layout{mounts: append(slices.Clone(h.mounts), peer), metas: h.metas, users: []string{h.user, s.reader},
		settings: []string{h.setting, "announcement", "audio_autoplay", "ldap_manager_password"}}
	if h.role != "" {
		s.all.roles = []string{h.role}
	}
	e.keepSettings(s.all.settings[1:]...)
	s.originals = e.settingValues(s.all.settings)
	s.originals[h.setting] = h.settingWas
	s.changed = map[string]string{"announcement": "往返 " + h.user + "\n*welcome*", "ldap_manager_password": s.secrets["ldap_password"],
		"audio_autoplay": strconv.FormatBool(s.originals["audio_autoplay"] != "true")}
	for k, v := range s.changed {
		if s.originals[k] == v {
			t.Fatalf("setting %s already holds %q: the restore would prove nothing", k, v)
		}
	}
	e.setSettings(s.changed)
	s.changed[h.setting] = e.settingValues([]string{h.setting})[h.setting]
	return s
}

// objects is how many objects the test made.
func (s *roundTrip) objects() int {
	return len(s.all.mounts) + len(s.all.metas) + len(s.all.users) + len(s.all.roles) + len(s.all.settings)
}

// listBlocks list the test's objects and nothing else (the reader's name
// starts with the other account's), with the resources.
func (s *roundTrip) listBlocks() []string {
	list := func(typ, name, config string) string {
		return listBlock(typ, name, "    "+config, "include_resource = true")
	}
	blocks := []string{
		list("alist_storage", "storages", fmt.Sprintf("mount_path_prefix = %q", s.mountPrefix)),
		list("alist_meta", "metas", fmt.Sprintf("path_prefix = %q", s.metaPrefix)),
		list("alist_user", "users", fmt.Sprintf("username_prefix = %q", s.user)),
	}
	if s.role != "" {
		blocks = append(blocks, list("alist_role", "roles", fmt.Sprintf("name_prefix = %q", s.role)))
	}
	for _, k := range s.all.settings {
		blocks = append(blocks, list("alist_setting", k, fmt.Sprintf("key_pattern = %q", k)))
	}
	return blocks
}

// listed checks what listBlocks find: each object once, by its identity
// and display name.
func (s *roundTrip) listed() []querycheck.QueryResultCheck {
	checks := slices.Concat(listedExactly("alist_storage.storages", storageIdentity, s.all.mounts...),
		listedExactly("alist_meta.metas", metaIdentity, s.all.metas...), listedExactly("alist_user.users", userIdentity, s.all.users...))
	if s.role != "" {
		checks = append(checks, listedExactly("alist_role.roles", roleIdentity, s.all.roles...)...)
	}
	for _, k := range s.all.settings {
		checks = append(checks, listedExactly("alist_setting."+k, settingIdentity, k)...)
	}
	return checks
}

// variables declares the secrets; secretVars gives them, as a pipeline does.
func (s *roundTrip) variables() string {
	var b strings.Builder
	for _, v := range slices.Sorted(maps.Keys(s.secrets)) {
		fmt.Fprintf(&b, "variable %q {\n  sensitive = true\n}\n", v)
	}
	return b.String()
}

func (s *roundTrip) secretVars() []string {
	var env []string
	for v, val := range s.secrets {
		env = append(env, "TF_VAR_"+v+"="+val)
	}
	return env
}

// review is a user's review of the generated configuration, as the export
// guide says: the secrets it leaves out, from variables, and the
// references it cannot know (it holds none), so that a restore or a clone
// makes an account's role first (v3.62) and gives OpenList's read_users
// the new account's id.
func (s *roundTrip) review(t *testing.T, gen string) string {
	t.Helper()
	for _, m := range []string{s.mounts[2], s.all.mounts[3]} { // the WebDAV and peer storages
		gen = fillGenerated(t, gen, generatedBlock(t, gen, "alist_storage", "mount_path", m), "sensitive_addition", "{ password = var.admin_password }")
	}
	gen = fillGenerated(t, gen, generatedBlock(t, gen, "alist_meta", "path", s.metas[1]), "password", "var.meta_password")
	user := generatedBlock(t, gen, "alist_user", "username", s.user)
	for block, v := range map[string]string{user: "var.user_password", generatedBlock(t, gen, "alist_user", "username", s.reader): "var.reader_password"} {
		gen = fillGenerated(t, gen, block, "password_wo", v)
		gen = fillGenerated(t, gen, block, "password_wo_version", "1")
	}
	if s.role != "" {
		gen = fillGenerated(t, gen, user, "roles", "["+resourceAddress(generatedBlock(t, gen, "alist_role", "name", s.role))+".name]")
	}
	if s.info.IsOpenList() {
		gen = fillGenerated(t, gen, generatedBlock(t, gen, "alist_meta", "path", s.metas[0]), "read_users", "["+resourceAddress(user)+".id]")
	}
	return fillGenerated(t, gen, generatedBlock(t, gen, "alist_setting", "key", "ldap_manager_password"), "sensitive_value", "var.ldap_password")
}

// resourceAddress is the address of a resource block's header.
func resourceAddress(header string) string {
	f := strings.Fields(header)
	return strings.Trim(f[1], `"`) + "." + strings.Trim(f[2], `"`)
}

// generatedBlock is the header of the generated resource block of type typ
// whose attr is value.
func generatedBlock(t *testing.T, gen, typ, attr, value string) string {
	t.Helper()
	line := regexp.MustCompile(`(?m)^\s*` + attr + `\s*=\s*` + regexp.QuoteMeta(strconv.Quote(value)) + `\s*$`)
	for _, b := range regexp.MustCompile(`(?ms)^resource "`+typ+`" "([^"]+)" \{\n(.*?)^\}$`).FindAllStringSubmatch(gen, -1) {
		if line.MatchString(b[2]) {
			return fmt.Sprintf("resource %q %q", typ, b[1])
		}
	}
	t.Fatalf("no %s with %s = %q in the generated configuration:\n%s", typ, attr, value, gen)
	return ""
}

// stripImports removes the import blocks of a generated configuration.
func stripImports(gen string) string {
	return regexp.MustCompile(`(?ms)^import \{\n.*?^\}\n`).ReplaceAllString(gen, "")
}

// metaEffect is what two accounts see of the metas: the reader (no
// permissions, base path "/") and the other account (a base path;
// permissions, or on v3.62 a role, that pass no password), each listing
// the public folder (names hidden unless the account may see them; on
// OpenList only read_users may read it) and the protected one without and
// with its password. Paths lie below an account's base path, except on
// v3.62, where they are absolute.
func (s *roundTrip) metaEffect(t *testing.T, e *testEnv) string {
	t.Helper()
	var b strings.Builder
	for _, who := range []struct{ name, password, base string }{{s.reader, s.secrets["reader_password"], "/"}, {s.user, s.password, s.metaPrefix}} {
		c, err := e.loginAs(who.name, who.password)
		if err != nil {
			t.Fatalf("logging in as %s: %v", who.name, err)
		}
		at := func(p string) string {
			if s.info.AbsoluteUserPaths() {
				return p
			}
			return path.Join("/", strings.TrimPrefix(p, who.base))
		}
		list := func(p, pw string) string {
			items, err := c.List(t0(), at(p), alist.ListOptions{Password: pw})
			if err != nil {
				return "refused"
			}
			var names []string
			for _, it := range items {
				names = append(names, it.Name)
			}
			slices.Sort(names)
			return strings.Join(names, ",")
		}
		role := "reader"
		if who.name == s.user {
			role = "account"
		}
		fmt.Fprintf(&b, "%s: public %s; protected %s, with its password %s\n", role,
			list(s.metas[0], ""), list(s.metas[1], ""), list(s.metas[1], s.secret))
	}
	return b.String()
}

// deleteAll loses everything on the server and puts the settings back.
func (s *roundTrip) deleteAll(t *testing.T, e *testEnv) {
	t.Helper()
	if err := s.remove(e); err != nil {
		t.Fatal(err)
	}
	e.setSettings(s.originals)
	s.checkNone(t, e)
}

// remove deletes the objects that exist: accounts before their role,
// which v3.62 refuses to delete while held.
func (s *roundTrip) remove(e *testEnv) error {
	ctx := t0()
	var errs []error
	keep := func(err error) {
		if err != nil && !isNotFound(err) {
			errs = append(errs, err)
		}
	}
	for _, name := range s.all.users {
		if u, err := e.client.UserByName(ctx, name); err == nil {
			keep(e.client.DeleteUser(ctx, u.ID))
		}
	}
	for _, name := range s.all.roles {
		if r, err := e.client.RoleByName(ctx, name); err == nil {
			keep(e.client.DeleteRole(ctx, r.ID))
		}
	}
	for _, m := range s.all.mounts {
		if st, err := e.client.StorageByMountPath(ctx, m); err == nil {
			keep(e.client.DeleteStorage(ctx, st.ID))
		}
	}
	for _, p := range s.all.metas {
		if m, err := e.client.MetaByPath(ctx, p); err == nil {
			keep(e.client.DeleteMeta(ctx, m.ID))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("removing the test's objects: %v", errs)
	}
	return nil
}

// checkNone checks that none of the objects is on a server.
func (s *roundTrip) checkNone(t *testing.T, e *testEnv) {
	t.Helper()
	ctx := t0()
	for _, m := range s.all.mounts {
		if _, err := e.client.StorageByMountPath(ctx, m); !isNotFound(err) {
			t.Fatalf("%s: a storage is left at %s (%v)", e.url, m, err)
		}
	}
	for _, p := range s.all.metas {
		if _, err := e.client.MetaByPath(ctx, p); !isNotFound(err) {
			t.Fatalf("%s: a meta is left at %s (%v)", e.url, p, err)
		}
	}
	for _, name := range s.all.users {
		if _, err := e.client.UserByName(ctx, name); !isNotFound(err) {
			t.Fatalf("%s: the account %s is left (%v)", e.url, name, err)
		}
	}
	for _, name := range s.all.roles {
		if _, err := e.client.RoleByName(ctx, name); !isNotFound(err) {
			t.Fatalf("%s: the role %s is left (%v)", e.url, name, err)
		}
	}
}

// settingValues is the settings' current values by key.
func (e *testEnv) settingValues(keys []string) map[string]string {
	e.t.Helper()
	vals := map[string]string{}
	for _, k := range keys {
		st, err := e.client.Setting(t0(), k)
		if err != nil {
			e.t.Fatalf("setting %s: %v", k, err)
		}
		vals[k] = st.Value
	}
	return vals
}

// setSettings sets the settings' values, each sent back whole.
func (e *testEnv) setSettings(vals map[string]string) {
	e.t.Helper()
	for k, v := range vals {
		st, err := e.client.Setting(t0(), k)
		if err != nil {
			e.t.Fatalf("setting %s: %v", k, err)
		}
		st.Value = v
		if err := e.client.SaveSetting(t0(), st); err != nil {
			e.t.Fatalf("setting %s to %q: %v", k, v, err)
		}
	}
	if got := e.settingValues(slices.Sorted(maps.Keys(vals))); !maps.Equal(got, vals) {
		e.t.Fatalf("the settings read back as %v after setting %v", got, vals)
	}
}
