package provider

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// requireAList is the terraform block of a configuration run through the
// CLI: the provider's source, installed by newCLI's dev_overrides.
const requireAList = "terraform {\n  required_providers {\n    alist = { source = \"alist-terraform/alist\" }\n  }\n}\n"

// Every configuration under examples/ is applied, planned again (no
// change), imported again where it has import blocks (by string ID, then
// by identity), and destroyed, with the
// terraform CLI as a user runs it, against the test server of each
// flavour, or unchanged against an external one. Each example gets its
// folder of the test root through its variables. A failed check block
// fails the test: Terraform only warns about it.

// exampleSpec is what one example needs.
type exampleSpec struct {
	// refused says why the example cannot apply on this server and the
	// error its plan must then fail with ("" if it applies): a server
	// without the feature refuses it at plan, which is tested instead.
	refused func(info alist.ServerInfo) (why, wantErr string)
	// prepare seeds what the example reads and returns its -var values.
	prepare func(e *testEnv) map[string]string
	// afterApply checks what the example is about, beyond applying.
	afterApply func(e *testEnv, cli *tfCLI)
	// elsewhere names the test that applies the example instead, with
	// objects of its own for it to import.
	elsewhere string
}

// examplesDir is examples/ from this package's folder.
var examplesDir = filepath.Join("..", "..", "examples")

// exampleUsers are the accounts the alist_me example is run as on the
// local test server: one may upload, one may not.
var exampleUsers = []alisttest.User{
	{Username: "writer", Password: "writer-pass-1", Permission: alisttest.PermWrite},
	{Username: "reader", Password: "reader-pass-1", Permission: alisttest.PermSeeHides},
}

func onlyWithRoles(info alist.ServerInfo) (string, string) {
	if !info.HasRoles() {
		return "AList v3.38 and OpenList have no roles", "This server has no roles"
	}
	return "", ""
}

func onlyWithoutRoles(info alist.ServerInfo) (string, string) {
	if info.HasRoles() {
		return "permissions are given through roles on AList v3.62; the alist_role example creates the same account there",
			"Permissions are given through roles on this server"
	}
	return "", ""
}

var examples = map[string]exampleSpec{
	"provider": {
		// No resource: the provider block is only checked against the schema.
		prepare: func(*testEnv) map[string]string { return map[string]string{"alist_password": "unused"} },
	},
	"quickstart": {
		prepare: func(e *testEnv) map[string]string {
			root := e.path("quickstart")
			return map[string]string{"root": root, "storage_dir": e.diskDir(root), "backup_path": e.mount("backup")}
		},
		afterApply: func(e *testEnv, _ *tfCLI) {
			// The meta protects a folder the quickstart publishes.
			root := e.path("quickstart")
			// The site is mirrored onto the backup storage, drafts left out.
			want := map[string]string{}
			for _, rel := range []string{"index.html", "404.html", "css/site.css"} {
				b, err := os.ReadFile("../../examples/quickstart/site/" + rel)
				if err != nil {
					e.t.Fatal(err)
				}
				want[rel] = string(b)
			}
			if err := e.checkRemoteTree(e.mount("backup")+"/site", want)(nil); err != nil {
				e.t.Fatal(err)
			}
			if _, err := e.client.MetaByPath(t0(), root+"/site/drafts"); err != nil {
				e.t.Fatalf("the drafts meta: %v", err)
			}
			for _, f := range []string{"site/drafts/next-post.html", "site/drafts/ideas.draft"} {
				if _, err := e.client.Get(t0(), root+"/"+f, ""); err != nil {
					e.t.Fatalf("%s is not published: %v", f, err)
				}
			}
		},
	},
	"resources/alist_directory": {
		prepare: func(e *testEnv) map[string]string { return map[string]string{"root": e.root} },
	},
	"resources/alist_directory_sync": {
		prepare: func(e *testEnv) map[string]string { return map[string]string{"root": e.root} },
		afterApply: func(e *testEnv, _ *tfCLI) {
			for p, want := range map[string]bool{"site/index.html": true, "site/drafts/next.html": false, "releases/app/app.js": true, "releases/app/app.js.map": false} {
				if _, err := e.client.Get(t0(), e.path(p), ""); (err == nil) != want {
					e.t.Fatalf("%s on the server: %v, want %v (%v)", p, err == nil, want, err)
				}
			}
		},
	},
	"resources/alist_directory_mirror": {
		prepare: func(e *testEnv) map[string]string {
			e.seedUnder(e.path("photos"), map[string]string{"2026/beach.jpg": "jpeg", "2026/.DS_Store": "junk", "notes.tmp": "tmp", "index.txt": "list"})
			return map[string]string{"source_path": e.path("photos"), "backup_root": e.path("backup")}
		},
		afterApply: func(e *testEnv, _ *tfCLI) {
			for p, want := range map[string]bool{"backup/photos/2026/beach.jpg": true, "backup/photos/index.txt": true, "backup/photos/notes.tmp": false, "backup/photos/2026/.DS_Store": false} {
				if _, err := e.client.Get(t0(), e.path(p), ""); (err == nil) != want {
					e.t.Fatalf("%s on the server: %v, want %v (%v)", p, err == nil, want, err)
				}
			}
		},
	},
	"resources/alist_file": {
		prepare: func(e *testEnv) map[string]string {
			return map[string]string{"root": e.root, "db_password": "example-secret"}
		},
		afterApply: func(e *testEnv, _ *tfCLI) {
			if err := e.checkRemote(e.path("app/secrets.env"), []byte("DB_PASSWORD=example-secret\n"))(nil); err != nil {
				e.t.Fatal(err)
			}
		},
	},
	"resources/alist_share": {
		refused: func(info alist.ServerInfo) (string, string) {
			if !info.IsOpenList() && !info.HasRoles() {
				return "AList v3.38 has no share links", "Share links are not available on this server"
			}
			return "", ""
		},
		prepare: func(e *testEnv) map[string]string {
			e.put(e.path("reports/2026.pdf"), []byte("%PDF example"))
			return map[string]string{"report": e.path("reports/2026.pdf"), "share_id": uniqueShareID("report"), "share_password": "example-share-pw"}
		},
		afterApply: func(e *testEnv, cli *tfCLI) {
			// a visitor downloads the report with the password, and not without
			shares, err := e.client.Shares(t0())
			if err != nil {
				e.t.Fatal(err)
			}
			for _, sh := range shares {
				if len(sh.Paths) == 1 && sh.Paths[0] == e.path("reports/2026.pdf") {
					if b, err := e.client.ShareDownload(t0(), sh.ID, "", "example-share-pw"); err != nil || string(b) != "%PDF example" {
						e.t.Fatalf("the shared report: %q, %v", b, err)
					}
					if _, err := e.client.ShareDownload(t0(), sh.ID, "", ""); err == nil {
						e.t.Fatal("the shared report downloads without the password")
					}
					return
				}
			}
			e.t.Fatal("the example's share is not on the server")
		},
	},
	"resources/alist_meta": {
		prepare: func(e *testEnv) map[string]string {
			return map[string]string{"root": e.path("media"), "private_password": "example-pw"}
		},
	},
	"resources/alist_role": {
		refused: onlyWithRoles,
		prepare: func(e *testEnv) map[string]string {
			return map[string]string{"root": e.root, "deploy_password": "deploy-pass-1"}
		},
	},
	"resources/alist_setting": {
		prepare: func(e *testEnv) map[string]string {
			e.keepSettings("site_title", "sign_all", "link_expiration", "ldap_manager_password")
			return map[string]string{"ldap_password": "ldap-pw"}
		},
	},
	"resources/alist_storage": {
		prepare: func(e *testEnv) map[string]string {
			media := e.diskDir(e.path("media"))
			mkdir(e.t, e, e.path("media/archive"))
			m := e.mount("examples")
			e.t.Cleanup(func() { e.removeStoragesBelow(m) })
			return map[string]string{"mount_root": m, "media_dir": media, "peer_url": e.url,
				"peer_username": e.username, "peer_password": e.password}
		},
	},
	"resources/alist_user": {
		refused: onlyWithoutRoles,
		prepare: func(e *testEnv) map[string]string {
			e.keepUser("guest")
			return map[string]string{"root": e.root, "deploy_password": "deploy-pass-1"}
		},
	},
	"guides/export-fallback":      {elsewhere: "TestAccExportFallback"},
	"data-sources/alist_driver":   {},
	"data-sources/alist_server":   {},
	"data-sources/alist_settings": {},
	"data-sources/alist_users":    {},
	"data-sources/alist_file": {
		prepare: func(e *testEnv) map[string]string {
			e.seed(map[string][]byte{e.path("reports/2026-11.pdf"): []byte("%PDF-1.4 report"), e.path("private/keys.txt"): []byte("keys")})
			return map[string]string{"root": e.root, "folder_password": "unused by an admin"}
		},
	},
	"data-sources/alist_files": {
		prepare: func(e *testEnv) map[string]string {
			e.seed(map[string][]byte{e.path("releases/app-1.0.tar.gz"): []byte("1.0"), e.path("incoming/new.txt"): []byte("new")})
			return map[string]string{"root": e.root, "incoming": e.path("incoming")}
		},
	},
	"data-sources/alist_me": {
		afterApply: func(e *testEnv, _ *tfCLI) {
			if e.server == nil {
				return // the accounts below are the local server's
			}
			// The check passes for an account that may upload and warns
			// for one that may not.
			for _, u := range exampleUsers {
				cli := newExampleCLI(e.t, e.withCredentials(u.Username, u.Password), "data-sources/alist_me")
				out := cli.mustRun("apply", "-auto-approve")
				if failed := strings.Contains(out, checkFailed); failed != (u.Permission&alisttest.PermWrite == 0) {
					e.t.Fatalf("as %s (permission bits %d) the check block failed: %v\n%s", u.Username, u.Permission, failed, out)
				}
			}
		},
	},
	"data-sources/alist_storages": {},
	"data-sources/alist_metas":    {},
	"data-sources/alist_shares": {refused: func(info alist.ServerInfo) (string, string) {
		if !info.IsOpenList() && !info.HasRoles() {
			return "AList v3.38 has no share links", "Cannot list the shares"
		}
		return "", ""
	}},
	"data-sources/alist_roles": {refused: onlyWithRoles},
}

const checkFailed = "Check block assertion failed"

func TestAccExamples(t *testing.T) {
	dirs := exampleDirs(t)
	for _, d := range dirs {
		if _, ok := examples[d]; !ok {
			t.Errorf("examples/%s has no entry in the examples table of this test: add one (with the variables it needs)", d)
		}
	}
	for d := range examples {
		if !slices.Contains(dirs, d) {
			t.Errorf("the examples table names examples/%s, which does not exist", d)
		}
	}
	if t.Failed() {
		return
	}
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		for _, d := range dirs {
			if examples[d].elsewhere != "" {
				continue
			}
			t.Run(d, func(t *testing.T) {
				e := newEnv(t, alisttest.Options{Flavor: f, Users: exampleUsers})
				runExample(e, d, examples[d])
			})
		}
	})
}

// exampleDirs are the folders below examples/ that hold a configuration.
func exampleDirs(t *testing.T) []string {
	var dirs []string
	err := filepath.WalkDir(examplesDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".tf" {
			return err
		}
		rel, _ := filepath.Rel(examplesDir, filepath.Dir(p))
		if rel = filepath.ToSlash(rel); !slices.Contains(dirs, rel) {
			dirs = append(dirs, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(dirs)
	return dirs
}

func runExample(e *testEnv, dir string, spec exampleSpec) {
	t := e.t
	var why, wantErr string
	if spec.refused != nil {
		info, err := e.client.Info(t0())
		if err != nil {
			t.Fatal(err)
		}
		why, wantErr = spec.refused(info)
	}
	var vars map[string]string
	if spec.prepare != nil {
		vars = spec.prepare(e)
	}
	var args []string
	for k, v := range vars {
		args = append(args, "-var="+k+"="+v)
	}
	before := e.filesBelowRoot()
	cli := newExampleCLI(t, e, dir)
	t.Cleanup(func() {
		if t.Failed() {
			cli.run(append([]string{"destroy", "-auto-approve"}, args...)...)
		}
	})
	apply := func() {
		t.Helper()
		if out := cli.mustRun(append([]string{"apply", "-auto-approve"}, args...)...); strings.Contains(out, checkFailed) {
			t.Fatalf("a check block of the example failed:\n%s", out)
		}
	}
	if why != "" {
		out, code := cli.run(append([]string{"plan"}, args...)...)
		if code == 0 || !strings.Contains(out, wantErr) {
			t.Fatalf("%s, so the plan should fail with %q; got exit %d:\n%s", why, wantErr, code, out)
		}
		t.Logf("refused at plan as it should be: %s", why)
		return
	}
	apply()
	if spec.afterApply != nil {
		spec.afterApply(e, cli)
	}
	cli.expectNoChanges(args...)

	// The import blocks, on what the example created: by string ID with
	// the suite's Terraform, then by identity with one that has identity
	// (which then runs the rest of this example).
	for _, file := range importFiles {
		imp, err := os.ReadFile(filepath.Join(examplesDir, dir, file))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if file == importByIdentity {
			useQueryTerraform(t)
		}
		var targets []string
		for _, m := range regexp.MustCompile(`(?m)^\s*to\s*=\s*(\S+)`).FindAllStringSubmatch(string(imp), -1) {
			targets = append(targets, m[1])
		}
		cli.forget(targets...)
		cli.write(file, string(imp))
		out := cli.mustRun(append([]string{"apply", "-auto-approve"}, args...)...)
		if want := fmt.Sprintf("%d imported", len(targets)); !strings.Contains(out, want) {
			t.Fatalf("%s imported nothing (want %q):\n%s", file, want, out)
		}
		apply() // what an import cannot know (a write-only password, files to compare) is sent once
		cli.expectNoChanges(args...)
		cli.remove(file) // done: the next file imports the same resources
	}

	cli.mustRun(append([]string{"destroy", "-auto-approve"}, args...)...)
	if after := e.filesBelowRoot(); !slices.Equal(before, after) {
		t.Fatalf("destroy left files behind: before %v, after %v", before, after)
	}
}

// importFiles are an example's import blocks (tfplugindocs' names), which
// runExample applies in this order to what the example created.
var importFiles = []string{"import-by-string-id.tf", importByIdentity}

const importByIdentity = "import-by-identity.tf" // Terraform >= 1.12

// newExampleCLI is a CLI folder holding a copy of examples/dir (its import
// block and shell snippets aside), logged in as e's account through the
// environment, as a pipeline would be.
func newExampleCLI(t *testing.T, e *testEnv, dir string) *tfCLI {
	t.Helper()
	cli := newCLI(t)
	src := filepath.Join(examplesDir, dir)
	hasTerraformBlock := false
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if slices.Contains(importFiles, rel) || filepath.Ext(rel) == ".sh" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		hasTerraformBlock = hasTerraformBlock || filepath.Ext(rel) == ".tf" && strings.Contains(string(b), "required_providers")
		if err := os.MkdirAll(filepath.Join(cli.dir, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(cli.dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !hasTerraformBlock {
		cli.write("terraform_for_test.tf", requireAList)
	}
	cli.useAccount(e)
	return cli
}

// useAccount logs the CLI folder's provider in as e's account, through the
// environment.
func (c *tfCLI) useAccount(e *testEnv) {
	c.env = append(c.env, "ALIST_URL="+e.url, "ALIST_USERNAME="+e.username, "ALIST_PASSWORD="+e.password)
}

// remove deletes a file of the CLI folder.
func (c *tfCLI) remove(name string) {
	c.t.Helper()
	if err := os.Remove(filepath.Join(c.dir, name)); err != nil {
		c.t.Fatal(err)
	}
}

// forget drops resources from the CLI folder's state, as `terraform state
// rm` does, so that an import block can take them over again.
func (c *tfCLI) forget(addrs ...string) {
	c.t.Helper()
	var st map[string]any
	if err := json.Unmarshal([]byte(c.read("terraform.tfstate")), &st); err != nil {
		c.t.Fatal(err)
	}
	var kept []any
	for _, r := range st["resources"].([]any) {
		r := r.(map[string]any)
		if !slices.Contains(addrs, fmt.Sprint(r["type"], ".", r["name"])) || r["mode"] != "managed" {
			kept = append(kept, r)
		}
	}
	if len(kept) != len(st["resources"].([]any))-len(addrs) {
		c.t.Fatalf("not every import target %v is in the state", addrs)
	}
	st["resources"] = kept
	st["serial"] = st["serial"].(float64) + 1
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		c.t.Fatal(err)
	}
	c.write("terraform.tfstate", string(b))
}

// filesBelowRoot lists the files below the test's folder ("" when it does
// not exist).
func (e *testEnv) filesBelowRoot() []string {
	e.t.Helper()
	tree, err := e.client.Walk(t0(), e.root, alist.WalkOptions{})
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		e.t.Fatal(err)
	}
	var files []string
	for _, f := range tree.Files {
		files = append(files, f.Rel)
	}
	return files
}

// keepSettings puts the settings' values back when the test ends.
func (e *testEnv) keepSettings(keys ...string) {
	for _, k := range keys {
		st, err := e.client.Setting(t0(), k)
		if err != nil {
			e.t.Fatalf("setting %s: %v", k, err)
		}
		e.t.Cleanup(func() {
			if err := e.client.SaveSetting(t0(), st); err != nil {
				e.t.Errorf("restoring setting %s: %v", k, err)
			}
		})
	}
}

// keepUser puts an existing account back as it was when the test ends.
func (e *testEnv) keepUser(name string) {
	u, err := e.client.UserByName(t0(), name)
	if err != nil {
		e.t.Fatalf("user %s: %v", name, err)
	}
	e.t.Cleanup(func() {
		if err := e.client.UpdateUser(t0(), u); err != nil {
			e.t.Errorf("restoring user %s: %v", name, err)
		}
	})
}

// removeStoragesBelow removes the storages mounted at or below m that a
// failed test left.
func (e *testEnv) removeStoragesBelow(m string) {
	sts, err := e.client.Storages(t0())
	if err != nil {
		return
	}
	for _, st := range sts {
		if st.MountPath == m || strings.HasPrefix(st.MountPath, m+"/") {
			_ = e.client.DeleteStorage(t0(), st.ID)
		}
	}
}
