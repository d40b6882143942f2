package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// accountName is a username of the test's own, removed with whatever
// account is left under it when the test ends (a failed test's).
func (e *testEnv) accountName(suffix string) string {
	e.t.Helper()
	name := fmt.Sprintf("tf%d%s", time.Now().UnixNano()%1e9, suffix)
	e.t.Cleanup(func() {
		if u, err := e.client.UserByName(t0(), name); err == nil {
			_ = e.client.DeleteUser(t0(), u.ID)
		}
	})
	return name
}

// newAccount makes a second account through the admin API, so that tests
// of what an account may do run against any server: permission bits on
// v3.38/OpenList, the built-in general role on v3.62 (whose bits are none
// at "/", so perm must be 0 there).
func (e *testEnv) newAccount(suffix, password string, perm int32) string {
	e.t.Helper()
	name := e.accountName(suffix)
	e.newAccountNamed(name, password, perm)
	return name
}

// newAccountNamed is newAccount under a given name (removed by the caller).
func (e *testEnv) newAccountNamed(name, password string, perm int32) {
	e.t.Helper()
	info, err := e.client.Info(t0())
	if err != nil {
		e.t.Fatal(err)
	}
	u := &alist.User{Username: name, Password: password, BasePath: "/", Role: []byte("0"), Permission: perm}
	if info.HasRoles() {
		if perm != 0 {
			e.t.Fatal("newAccount: v3.62 accounts get permissions through roles")
		}
		general, err := e.client.RoleByName(t0(), "general")
		if err != nil {
			e.t.Fatal(err)
		}
		u.SetRoleIDs([]uint{general.ID})
	}
	if _, err := e.client.CreateUser(t0(), u); err != nil {
		e.t.Fatalf("creating the account %s: %v", name, err)
	}
}

// loginAs logs in as an account with plain credentials.
func (e *testEnv) loginAs(user, pw string) (*alist.Session, error) {
	s, err := alist.NewSession(alist.Config{URL: e.url, Username: user, Password: pw, RequestTimeout: 30 * time.Second})
	if err != nil {
		return nil, err
	}
	return s, s.Login(t0())
}

// deployGrant is what the deploy account may do, in the server's dialect:
// a role scoped to its folder on v3.62, permission bits elsewhere.
func deployGrant(info alist.ServerInfo, e *testEnv, base string) (roleBlock, userAttr string) {
	if info.HasRoles() {
		name := e.roleName("-deploy")
		return fmt.Sprintf("resource \"alist_role\" \"deployer\" {\n  name = %q\n  permission_scopes = [{ path = %q, permissions = [\"write\", \"remove\"] }]\n}\n", name, base),
			"roles = [alist_role.deployer.name]"
	}
	return "", `permissions = ["write", "remove"]`
}

// The least-privilege deploy account of the pipelines guide, on every
// server: created with a write-only password, used by a second provider
// block to upload into its folder, refused a rename (the server enforces
// what Terraform granted), its password rotated by a new version.
func TestAccUser_deployAccount(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		info, err := e.client.Info(t0())
		if err != nil {
			t.Fatal(err)
		}
		base := e.path("deploy")
		mkdir(t, e, base)
		name := e.accountName("deploy")
		role, grant := deployGrant(info, e, base)
		// A limited account's paths are below its base path, except on
		// v3.62, where they are absolute.
		target := "/app.txt"
		if info.AbsoluteUserPaths() {
			target = base + "/app.txt"
		}
		// The deploy provider block stays while its file is destroyed: a
		// resource's provider must outlive it.
		cfg := func(version int, pw string, withFile, withProvider bool) string {
			c := e.providerConfig() + role + fmt.Sprintf(`
resource "alist_user" "deploy" {
  username            = %q
  password_wo         = %q
  password_wo_version = %d
  base_path           = %q
  %s
}
`, name, pw, version, base, grant)
			if withProvider {
				c += fmt.Sprintf(`
provider "alist" {
  alias    = "deploy"
  url      = %q
  username = alist_user.deploy.username
  password = %q
}
`, e.url, pw)
			}
			if withFile {
				c += fmt.Sprintf(`
resource "alist_file" "app" {
  provider = alist.deploy
  path     = %q
  content  = "v1"
}
`, target)
			}
			return c
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy: func(*terraform.State) error {
				if _, err := e.client.UserByName(t0(), name); !isNotFound(err) {
					return fmt.Errorf("the account is left on the server: %v", err)
				}
				return nil
			},
			Steps: []resource.TestStep{
				{
					Config: cfg(1, "first-pass-1", false, false),
					ConfigStateChecks: []statecheck.StateCheck{
						expectString("alist_user.deploy", "base_path", base),
						stateScan(func(state string) error {
							if strings.Contains(state, "first-pass-1") {
								return errors.New("the write-only password is in the state")
							}
							return nil
						}),
					},
					Check: func(*terraform.State) error {
						u, err := e.client.UserByName(t0(), name)
						if err != nil {
							return err
						}
						if u.BasePath != base {
							return fmt.Errorf("server: base_path %q, want %q (v3.62 takes it from the role on create)", u.BasePath, base)
						}
						if _, err := e.loginAs(name, "first-pass-1"); err != nil {
							return fmt.Errorf("the new account cannot log in: %w", err)
						}
						return nil
					},
				},
				{
					// The account at work: it uploads into its folder...
					Config: cfg(1, "first-pass-1", true, true),
					Check: resource.ComposeTestCheckFunc(e.checkRemote(base+"/app.txt", []byte("v1")), func(*terraform.State) error {
						// ...and may not rename: Terraform did not grant it.
						s, err := e.loginAs(name, "first-pass-1")
						if err != nil {
							return err
						}
						if err := s.Rename(t0(), target, "renamed.txt"); !errors.Is(err, alist.ErrPermissionDenied) {
							return fmt.Errorf("the deploy account's rename got %v, want a refusal", err)
						}
						return nil
					}),
				},
				{
					// done deploying: the file goes, with the account's own provider
					Config: cfg(1, "first-pass-1", false, true),
					Check:  e.checkGone(base + "/app.txt"),
				},
				{
					// Rotation: a new version sends the new password.
					Config: cfg(2, "second-pass-2", false, false),
					Check: func(*terraform.State) error {
						if _, err := e.loginAs(name, "first-pass-1"); !errors.Is(err, alist.ErrInvalidCredentials) && err == nil {
							return errors.New("the old password still works after the rotation")
						}
						if _, err := e.loginAs(name, "second-pass-2"); err != nil {
							return fmt.Errorf("the rotated password does not work: %w", err)
						}
						return nil
					},
				},
				{ResourceName: "alist_user.deploy", ImportState: true, ImportStateId: name, ImportStateVerify: true,
					ImportStateVerifyIgnore: []string{"password_wo_version"}},
			},
		})
	})
}

// Changes made in the web UI are planned back, and an update keeps the
// fields the configuration does not name (the server resets any field an
// update leaves out).
func TestAccUser_driftAndFullRow(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		info, err := e.client.Info(t0())
		if err != nil {
			t.Fatal(err)
		}
		name := e.accountName("drift")
		grant := `permissions = ["webdav_read"]`
		if info.HasRoles() {
			grant = `roles = ["general"]`
		}
		if info.IsOpenList() {
			grant += "\n  allow_ldap = false" // created as true by OpenList: set right after
		}
		cfg := func(disabled bool) string {
			return e.providerConfig() + fmt.Sprintf("resource \"alist_user\" \"u\" {\n  username = %q\n  password = \"pw-123456\"\n  disabled = %v\n  %s\n}\n", name, disabled, grant)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{Config: cfg(false), Check: func(*terraform.State) error {
					u, err := e.client.UserByName(t0(), name)
					if err != nil {
						return err
					}
					if info.IsOpenList() && (u.AllowLDAP == nil || *u.AllowLDAP) {
						return fmt.Errorf("server: allow_ldap %v, want false", u.AllowLDAP)
					}
					return nil
				}},
				{
					PreConfig: func() {
						u, err := e.client.UserByName(t0(), name)
						if err != nil {
							t.Fatal(err)
						}
						u.SSOID, u.BasePath = "sso-42", "/elsewhere"
						if err := e.client.UpdateUser(t0(), u); err != nil {
							t.Fatal(err)
						}
					},
					Config: cfg(true),
					Check: func(*terraform.State) error {
						u, err := e.client.UserByName(t0(), name)
						if err != nil {
							return err
						}
						if !u.Disabled || u.SSOID != "sso-42" {
							return fmt.Errorf("server: disabled %v, sso_id %q: want the change applied and the web UI's sso_id kept", u.Disabled, u.SSOID)
						}
						// the servers may issue a token; the account's calls are refused
						s, err := e.loginAs(name, "pw-123456")
						if err == nil {
							_, err = s.Me(t0())
						}
						if err == nil {
							return errors.New("a disabled account could still use the server")
						}
						return nil
					},
					ConfigStateChecks: []statecheck.StateCheck{expectString("alist_user.u", "base_path", "/elsewhere")},
				},
			},
		})
	})
}

// A flag with a natural default shows and repairs drift: an account
// disabled by hand in the web UI, whose configuration leaves `disabled`
// out, plans `disabled: true -> false`, and the apply lets it log in again.
func TestAccUser_disabledByHand(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		info, err := e.client.Info(t0())
		if err != nil {
			t.Fatal(err)
		}
		name := e.accountName("hand")
		grant := `permissions = ["webdav_read"]`
		if info.HasRoles() {
			grant = `roles = ["general"]`
		}
		cfg := e.providerConfig() + fmt.Sprintf("resource \"alist_user\" \"u\" {\n  username = %q\n  password = \"pw-123456\"\n  %s\n}\n", name, grant)
		serverDisabled := func(want bool) resource.TestCheckFunc {
			return func(*terraform.State) error {
				u, err := e.client.UserByName(t0(), name)
				if err != nil {
					return err
				}
				if u.Disabled != want {
					return fmt.Errorf("server: %s disabled %v, want %v", name, u.Disabled, want)
				}
				return nil
			}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{Config: cfg, Check: serverDisabled(false), ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("alist_user.u", tfjsonpath.New("disabled"), knownvalue.Bool(false))}},
				{
					PreConfig: func() {
						u, err := e.client.UserByName(t0(), name)
						if err != nil {
							t.Fatal(err)
						}
						u.Disabled = true // as the web UI's switch does
						if err := e.client.UpdateUser(t0(), u); err != nil {
							t.Fatal(err)
						}
						if err := serverDisabled(true)(nil); err != nil {
							t.Fatal(err)
						}
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("alist_user.u", plancheck.ResourceActionUpdate),
						expectChange("alist_user.u", "disabled", true, false),
					}},
					Check: resource.ComposeTestCheckFunc(serverDisabled(false), func(*terraform.State) error {
						s, err := e.loginAs(name, "pw-123456")
						if err == nil {
							_, err = s.Me(t0())
						}
						if err != nil {
							return fmt.Errorf("the repaired account cannot use the server: %w", err)
						}
						return nil
					}),
				},
			},
		})
	})
}

// expectChange is a plan check that a resource's attribute goes from one
// value to another.
func expectChange(addr, attr string, before, after any) plancheck.PlanCheck {
	return planChange{addr, attr, before, after}
}

type planChange struct {
	addr, attr    string
	before, after any
}

func (c planChange) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		b, _ := rc.Change.Before.(map[string]any)
		a, _ := rc.Change.After.(map[string]any)
		if b[c.attr] != c.before || a[c.attr] != c.after {
			resp.Error = fmt.Errorf("%s.%s planned %v -> %v, want %v -> %v", c.addr, c.attr, b[c.attr], a[c.attr], c.before, c.after)
		}
		return
	}
	resp.Error = fmt.Errorf("no change planned for %s", c.addr)
}

// The guest account is imported and managed (anonymous access turned on
// with a base path, and off again when `disabled` is left out), not
// created; destroying it leaves it on the server.
func TestAccUser_guest(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		pub := e.path("public")
		e.seed(map[string][]byte{pub + "/readme.txt": []byte("hi")})
		guest, err := e.client.UserByName(t0(), "guest")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = e.client.UpdateUser(t0(), guest) }) // as it was
		grant := ""
		if info, _ := e.client.Info(t0()); info.HasRoles() {
			grant = `roles = ["guest"]`
		}
		cfg := func(disabled string) string {
			return e.providerConfig() + fmt.Sprintf("import {\n  to = alist_user.guest\n  id = \"guest\"\n}\nresource \"alist_user\" \"guest\" {\n  username = \"guest\"\n  base_path = %q\n  %s\n  %s\n}\n", pub, disabled, grant)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					Config: cfg("disabled = false"),
					Check: func(*terraform.State) error {
						u, err := e.client.UserByName(t0(), "guest")
						if err != nil {
							return err
						}
						if u.Disabled || u.BasePath != pub {
							return fmt.Errorf("server guest: disabled %v, base_path %q", u.Disabled, u.BasePath)
						}
						// anonymous access: a listing without any login
						if code, body := anonymousList(e, pub); code != 200 || !strings.Contains(body, "readme.txt") {
							return fmt.Errorf("an anonymous listing got code %d: %s", code, body)
						}
						return nil
					},
				},
				// Left out, the guest's disabled is what every server
				// creates it with: true, anonymous access off.
				{Config: cfg(""), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectChange("alist_user.guest", "disabled", false, true),
				}}, Check: func(*terraform.State) error {
					if code, _ := anonymousList(e, pub); code != 401 {
						return fmt.Errorf("with the guest disabled an anonymous listing got code %d, want 401", code)
					}
					return nil
				}},
				{Config: e.providerConfig(), Check: func(*terraform.State) error {
					if _, err := e.client.UserByName(t0(), "guest"); err != nil {
						return fmt.Errorf("the guest account is gone after the destroy: %v", err)
					}
					return nil
				}},
			},
		})
	})
}

// Mistakes refused at plan, each with what to do instead.
func TestAccUser_badInput(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		info, err := e.client.Info(t0())
		if err != nil {
			t.Fatal(err)
		}
		name := e.accountName("bad")
		user := func(body string) string {
			return fmt.Sprintf("resource \"alist_user\" \"u\" {\n  username = %q\n  %s\n}\n", name, body)
		}
		cases := []struct{ name, config, want string }{
			{"no password", user(`permissions = []`), `A new account needs a password`},
			{"builtin", "resource \"alist_user\" \"u\" {\n  username = \"admin\"\n  password = \"x\"\n}\n", `"admin" exists on every server and cannot be created`},
			{"both passwords", user("password = \"a\"\n  password_wo = \"b\""), `Invalid Attribute Combination`},
		}
		if info.HasRoles() {
			cases = append(cases,
				struct{ name, config, want string }{"permissions on v3.62", user("password = \"x\"\n  permissions = [\"write\"]"), `gives accounts permissions only through roles`},
				struct{ name, config, want string }{"no roles", user(`password = "x"`), `Set .roles., e.g. \["general"\]`},
				struct{ name, config, want string }{"admin role", user("password = \"x\"\n  roles = [\"admin\"]"), `refuses to give an account the "admin" role`},
			)
		} else {
			cases = append(cases,
				struct{ name, config, want string }{"roles elsewhere", user("password = \"x\"\n  roles = [\"general\"]"), `Roles exist only on AList v3.46 and later`},
				struct{ name, config, want string }{"unknown permission", user("password = \"x\"\n  permissions = [\"write\", \"upload\"]"), `"upload" is not a permission of .*; its permissions are: see_hidden, access_without_password`},
			)
		}
		if !info.IsOpenList() {
			cases = append(cases, struct{ name, config, want string }{"allow_ldap", user("password = \"x\"\n  allow_ldap = true"), `allow_ldap. exists on OpenList only`})
		}
		for _, tc := range cases {
			t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: e.factories(),
					Steps:                    []resource.TestStep{{Config: e.providerConfig() + tc.config, PlanOnly: true, ExpectError: re(tc.want)}},
				})
				if _, err := e.client.UserByName(t0(), name); !isNotFound(err) {
					t.Fatalf("a refused plan left an account: %v", err)
				}
			})
		}
	})
}

// alist_users lists the accounts in the server's dialect, without passwords.
func TestAccUsersDataSource(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.providerConfig() + "data \"alist_users\" \"all\" {}\n",
				Check: func(s *terraform.State) error {
					attrs := s.RootModule().Resources["data.alist_users.all"].Primary.Attributes
					found := false
					for k, v := range attrs {
						if strings.HasSuffix(k, ".username") && v == e.username {
							role := attrs[strings.TrimSuffix(k, "username")+"role"]
							found = role == "admin"
						}
						if strings.Contains(k, "password") {
							return fmt.Errorf("a password attribute: %s", k)
						}
					}
					if !found {
						return fmt.Errorf("the provider's own admin account is not listed as admin: %v", attrs)
					}
					return nil
				},
			}},
		})
	})
}

// anonymousList lists p with no Authorization (as the guest): the
// envelope's code and the body. A guest's paths lie below its base path
// except on v3.62, where they are absolute; "/" is its base path either way
// on the first, so the path asked is chosen per version.
func anonymousList(e *testEnv, p string) (int, string) {
	ask := p
	if info, _ := e.client.Info(t0()); !info.AbsoluteUserPaths() {
		ask = "/"
	}
	resp, err := http.Post(e.url+"/api/fs/list", "application/json", strings.NewReader(fmt.Sprintf(`{"path":%q}`, ask)))
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	var env struct{ Code int }
	b, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(b, &env)
	return env.Code, string(b)
}

// The provider's own account, imported and updated: the server logs it out
// (any admin update does), and the provider logs in again, with the
// password it just set, for the resources that come after.
func TestAccUser_ownAccount(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		me, err := e.client.Me(t0())
		if err != nil {
			t.Fatal(err)
		}
		before, err := e.client.User(t0(), uint(me.ID))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = e.client.UpdateUser(t0(), before) })
		cfg := e.providerConfig() + fmt.Sprintf(`import {
  to = alist_user.me
  id = %q
}
resource "alist_user" "me" {
  username = %q
  password = %q   # the same password, sent again: the server logs the account out
  sso_id   = "tf-own-account"
}
resource "alist_file" "after" {
  path       = %q
  content    = "written after the account's update"
  depends_on = [alist_user.me]
}
`, me.Username, me.Username, e.password, e.path("after.txt"))
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(e.checkRemote(e.path("after.txt"), []byte("written after the account's update")), func(*terraform.State) error {
					u, err := e.client.User(t0(), uint(me.ID))
					if err != nil {
						return err
					}
					if u.SSOID != "tf-own-account" {
						return fmt.Errorf("server: sso_id %q", u.SSOID)
					}
					return nil
				}),
			}, {
				Config: e.providerConfig() + fmt.Sprintf("resource \"alist_user\" \"me\" {\n  username = %q\n  password = %q\n  sso_id = %q\n}\n", me.Username, e.password, before.SSOID),
			}},
		})
	})
}
