package provider

import (
	"errors"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// Resource identity, on every resource and flavour (identityCase): the
// name a person uses, set on create, followed by a rename in place, and
// taken by an import block as the string import ID is. Each resource's
// function makes its test case (the provider aside) on a fresh server.
func TestAccIdentity(t *testing.T) {
	useQueryTerraform(t)
	for _, c := range []struct {
		resource string
		test     func(t *testing.T, e *testEnv) resource.TestCase
	}{
		{"file", identityFile},
		{"directory", identityDirectory},
		{"directorySync", identityDirectorySync},
		{"directoryMirror", identityDirectoryMirror},
		{"storage", identityStorage},
		{"meta", identityMeta},
		{"user", identityUser},
		{"role", identityRole},
		{"setting", identitySetting},
		{"share", identityShare},
	} {
		t.Run(c.resource, func(t *testing.T) {
			forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
				e := newEnv(t, alisttest.Options{Flavor: f})
				tc := c.test(t, e)
				tc.ProtoV6ProviderFactories = e.factories()
				resource.Test(t, tc)
			})
		})
	}
}

// Files and folders moved in place on their storage: the identity follows.
func identityFile(t *testing.T, e *testEnv) resource.TestCase {
	p, moved := e.path("conf/app.yaml"), e.path("moved/app.yml")
	c := identityCase{addr: "alist_file.app", attr: "path",
		bad: "conf/app.yaml", badErr: re(`"conf/app.yaml": the import ID, or the identity's path, is the file's absolute path on the AList site`),
		cfg: fileConfig(e, "app", p, `content = "hello\n"`), name: p, check: e.checkRemote(p, []byte("hello\n")),
		// `content` lives in the configuration alone: the import
		// plans to record it (the hashes match, nothing is sent).
		settles: true,
		rename:  fileConfig(e, "app", moved, `content = "hello\n"`), renamed: moved,
		renameCheck: resource.ComposeTestCheckFunc(e.checkRemote(moved, []byte("hello\n")), e.checkGone(p))}
	return resource.TestCase{CheckDestroy: e.checkGone(p, moved), Steps: c.steps()}
}

func identityDirectory(t *testing.T, e *testEnv) resource.TestCase {
	p, moved := e.path("releases"), e.path("archive/releases-old")
	c := identityCase{addr: "alist_directory.d", attr: "path",
		bad: p + "/", badErr: re(`the import ID, or the identity's path, is the folder's absolute path on the AList site`),
		cfg: dirConfig(e, p, ""), name: p, check: e.checkDir(p),
		rename: dirConfig(e, moved, ""), renamed: moved, renameCheck: resource.ComposeTestCheckFunc(e.checkDir(moved), e.checkGone(p))}
	return resource.TestCase{CheckDestroy: e.checkGone(p, moved), Steps: c.steps()}
}

func identityDirectorySync(t *testing.T, e *testEnv) resource.TestCase {
	src, remote, moved := t.TempDir(), e.path("site"), e.path("site-v2")
	writeTree(t, src, siteV1)
	// An import cannot prove the files equal to the source: it plans
	// them again (settles).
	c := identityCase{addr: syncAddr, attr: "path",
		bad: "site", badErr: re(`"site": the import ID, or the identity's path, is the folder's absolute path on the AList site`),
		cfg: syncConfig(e, src, remote, ""), name: remote, check: e.checkRemoteTree(remote, siteV1), settles: true,
		rename: syncConfig(e, src, moved, ""), renamed: moved, renameCheck: resource.ComposeTestCheckFunc(e.checkRemoteTree(moved, siteV1), e.checkGone(remote))}
	return resource.TestCase{CheckDestroy: resource.ComposeTestCheckFunc(e.checkRemoteTree(remote, nil), e.checkRemoteTree(moved, nil)), Steps: c.steps()}
}

func identityDirectoryMirror(t *testing.T, e *testEnv) resource.TestCase {
	src, dst := e.path("photos"), e.path("backup")
	files := map[string]string{"a.jpg": "alpha", "2026/b.jpg": "bravo"}
	e.seedUnder(src, files)
	// An import cannot prove the files equal to the source: it plans
	// copying them again (settles).
	c := identityCase{addr: mirrorAddr, attr: "path",
		bad: "backup", badErr: re(`"backup": the import ID, or the identity's path, is the destination folder's absolute path on the AList site`),
		cfg: mirrorConfig(e, src, dst, ""), name: dst, check: e.checkRemoteTree(dst, files), settles: true}
	return resource.TestCase{CheckDestroy: e.checkRemoteTree(dst, nil), Steps: c.steps()}
}

// A storage remounted in place keeps its row; its identity follows, and
// an import block takes the `id:` form too.
func identityStorage(t *testing.T, e *testEnv) resource.TestCase {
	dir := e.diskDir(e.root)
	m, moved := e.mount("media"), e.mount("moved")
	const addr = "alist_storage.media"
	cfg := func(mountPath string) string {
		return storageConfig(e, "media", fmt.Sprintf("  mount_path = %q\n  driver = \"Local\"\n  addition = { root_folder_path = %q }", mountPath, dir))
	}
	var id string
	c := identityCase{addr: addr, attr: "mount_path",
		bad: "media", badErr: re(`"media": the import ID, or the identity's mount_path, is the storage's mount path, e.g. /media, or its numeric id as id:7`),
		cfg: cfg(m), name: m, check: resource.ComposeTestCheckFunc(e.checkMounted(m, true), rememberID(addr, &id)),
		rename: cfg(moved), renamed: moved, renameCheck: resource.ComposeTestCheckFunc(e.checkNoStorage(m),
			e.checkStorage(moved, func(st *alist.Storage, _ map[string]any) error {
				if fmt.Sprint(st.ID) != id {
					return fmt.Errorf("server: %s is storage %d, want the renamed %s", moved, st.ID, id)
				}
				return nil
			})),
	}
	steps := append(c.steps(), resource.TestStep{ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
		ImportStateIdFunc: func(*terraform.State) (string, error) { return "id:" + id, nil },
		ImportPlanChecks:  resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectKnownValue(addr, tfjsonpath.New("mount_path"), knownvalue.StringExact(moved))}}})
	return resource.TestCase{
		CheckDestroy: resource.ComposeTestCheckFunc(e.checkNoStorage(m), e.checkNoStorage(moved)), Steps: steps}
}

// A meta's path is its identity and changing it replaces the meta; one
// moved in the web UI is planned back (replaced), with no identity error
// on the way.
func identityMeta(t *testing.T, e *testEnv) resource.TestCase {
	p, elsewhere := e.path("private"), e.path("elsewhere")
	mkdir(t, e, p)
	const addr = "alist_meta.m"
	cfg := metaConfig(e, fmt.Sprintf("  path = %q\n  password = \"s3cret\"", p))
	c := identityCase{addr: addr, attr: "path",
		bad: "private", badErr: re(`"private": the import ID, or the identity's path, is the meta's folder path, e.g. /media/private`),
		cfg: cfg, name: p, check: e.checkMeta(p, func(*alist.Meta) error { return nil }),
		// An import never reads the password into the state, so the
		// configured one is planned once (settles).
		settles: true}
	steps := append(c.steps(), resource.TestStep{
		PreConfig: func() {
			m, err := e.client.MetaByPath(t0(), p)
			if err != nil {
				t.Fatal(err)
			}
			m.Path = elsewhere
			if err := e.client.UpdateMeta(t0(), m); err != nil {
				t.Fatal(err)
			}
		},
		Config:            cfg,
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)}},
		ConfigStateChecks: []statecheck.StateCheck{expectIdentity(addr, "path", p)},
		Check:             resource.ComposeTestCheckFunc(e.checkMeta(p, func(*alist.Meta) error { return nil }), e.checkNoMeta(elsewhere)),
	})
	return resource.TestCase{
		CheckDestroy: resource.ComposeTestCheckFunc(e.checkNoMeta(p), e.checkNoMeta(elsewhere)), Steps: steps}
}

// An account renamed in place keeps its row (and so its password); its
// identity follows.
func identityUser(t *testing.T, e *testEnv) resource.TestCase {
	info, err := e.client.Info(t0())
	if err != nil {
		t.Fatal(err)
	}
	name, renamed := e.accountName("id"), e.accountName("renamed")
	grant := ""
	if info.HasRoles() {
		grant = `roles = ["general"]`
	}
	const addr, pw = "alist_user.u", "identity-pass-1"
	cfg := func(username string) string {
		return e.providerConfig() + fmt.Sprintf("resource \"alist_user\" \"u\" {\n  username = %q\n  password_wo = %q\n  password_wo_version = 1\n  %s\n}\n", username, pw, grant)
	}
	loginAs := func(username string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			_, err := e.loginAs(username, pw)
			return err
		}
	}
	c := identityCase{addr: addr, attr: "username",
		bad: "no-such-account-" + name, badErr: re(`Cannot find the account to import`),
		cfg: cfg(name), name: name, check: loginAs(name),
		// an import cannot know password_wo_version: it plans to send
		// the password again
		settles: true,
		rename:  cfg(renamed), renamed: renamed,
		renameCheck: resource.ComposeTestCheckFunc(loginAs(renamed), checkNoneNamed("account", name, e.client.UserByName)),
	}
	return resource.TestCase{Steps: c.steps(),
		CheckDestroy: checkNoneNamed("account", renamed, e.client.UserByName)}
}

// A role renamed in place on v3.62; elsewhere both forms of import say
// the server has no roles.
func identityRole(t *testing.T, e *testEnv) resource.TestCase {
	info, err := e.client.Info(t0())
	if err != nil {
		t.Fatal(err)
	}
	name, renamed := e.roleName("id"), e.roleName("renamed")
	const addr = "alist_role.r"
	cfg := func(n string) string {
		return e.providerConfig() + fmt.Sprintf("resource \"alist_role\" \"r\" {\n  name = %q\n  permission_scopes = [{ path = %q, permissions = [\"write\"] }]\n}\n", n, e.root)
	}
	if !info.HasRoles() {
		return resource.TestCase{
			Steps: badImportSteps(cfg(name), addr, "name", name, re(`Roles exist only on AList v3.46 and later`))}
	}
	var id string
	c := identityCase{addr: addr, attr: "name",
		bad: "no-such-role-" + name, badErr: re(`Cannot find the role to import`),
		cfg: cfg(name), name: name, check: rememberID(addr, &id),
		rename: cfg(renamed), renamed: renamed, renameCheck: resource.ComposeTestCheckFunc(checkNoneNamed("role", name, e.client.RoleByName),
			func(*terraform.State) error {
				r, err := e.client.RoleByName(t0(), renamed)
				if err != nil || fmt.Sprint(r.ID) != id {
					return fmt.Errorf("server: role %s is %v (%v), want the renamed %s", renamed, r, err, id)
				}
				return nil
			}),
	}
	return resource.TestCase{Steps: c.steps(),
		CheckDestroy: checkNoneNamed("role", renamed, e.client.RoleByName)}
}

func identitySetting(t *testing.T, e *testEnv) resource.TestCase {
	title, err := e.client.Setting(t0(), "site_title")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.client.SaveSetting(t0(), title) })
	cfg := e.providerConfig() + "resource \"alist_setting\" \"title\" {\n  key   = \"site_title\"\n  value = \"Identity test\"\n}\n"
	c := identityCase{addr: "alist_setting.title", attr: "key",
		bad: "no_such_setting", badErr: re(`Cannot find the setting to import`),
		cfg: cfg, name: "site_title", check: func(*terraform.State) error {
			if got := publicSettings(t, e)["site_title"]; got != "Identity test" {
				return fmt.Errorf("the public site_title is %v", got)
			}
			return nil
		}}
	return resource.TestCase{Steps: c.steps(),
		CheckDestroy: func(*terraform.State) error {
			if got := publicSettings(t, e)["site_title"]; got != title.Value {
				return fmt.Errorf("after destroy site_title is %v, want the original %q back", got, title.Value)
			}
			return nil
		}}
}

// A share is known by its id; AList v3.38 has none (refused).
func identityShare(t *testing.T, e *testEnv) resource.TestCase {
	file := e.path("sh/identity.txt")
	id := uniqueShareID("ident")
	cfg := shareConfig(e, fmt.Sprintf("  paths = [%q]\n  share_id = %q", file, id))
	if err := e.client.SharesSupported(t0()); errors.Is(err, alist.ErrSharesUnsupported) {
		return resource.TestCase{Steps: badImportSteps(cfg, shareAddr, "share_id", id, re(unsupportedShares))}
	}
	e.put(file, []byte("identity"))
	c := identityCase{addr: shareAddr, attr: "share_id",
		bad: "no-such-share", badErr: re(`Cannot find the share to import`),
		cfg: cfg, name: id, check: e.checkShare(shareAddr, func(sh *alist.Share) error {
			if sh.Paths[0] != file {
				return fmt.Errorf("server: share of %v", sh.Paths)
			}
			return nil
		})}
	return resource.TestCase{Steps: c.steps(), CheckDestroy: e.checkNoShare(&id)}
}
