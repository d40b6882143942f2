package provider

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

func metaConfig(e *testEnv, body string) string {
	return e.providerConfig() + fmt.Sprintf("resource \"alist_meta\" \"m\" {\n%s\n}\n", body)
}

// checkMeta checks the server's meta row of a path.
func (e *testEnv) checkMeta(p string, check func(m *alist.Meta) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		m, err := e.client.MetaByPath(t0(), p)
		if err != nil {
			return fmt.Errorf("server: meta of %s: %w", p, err)
		}
		return check(m)
	}
}

func (e *testEnv) checkNoMeta(p string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if _, err := e.client.MetaByPath(t0(), p); !isNotFound(err) {
			return fmt.Errorf("server: a meta is left for %s (%v)", p, err)
		}
		return nil
	}
}

// A meta's life on every server: the row holds what the configuration
// says; an update sends the whole row, so a field removed from the
// configuration is cleared on the server (its default); import by path.
func TestAccMeta_lifecycle(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		p := e.path("private")
		mkdir(t, e, p)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkNoMeta(p),
			Steps: []resource.TestStep{
				{
					Config: metaConfig(e, fmt.Sprintf("  path = %q\n  password = \"s3cret\"\n  password_sub = true\n  hide = [\"\\\\.secret$\", \"^draft-\"]\n  readme = \"# Private\"\n  write = true", p)),
					Check: e.checkMeta(p, func(m *alist.Meta) error {
						if m.Password != "s3cret" || !m.PSub || m.Hide != "\\.secret$\n^draft-" || m.Readme != "# Private" || !m.Write || m.HSub {
							return fmt.Errorf("server row: %+v", *m)
						}
						return nil
					}),
				},
				{
					Config: metaConfig(e, fmt.Sprintf("  path = %q\n  password = \"n3w\"\n  header = \"top\"", p)),
					Check: e.checkMeta(p, func(m *alist.Meta) error {
						if m.Password != "n3w" || m.PSub || m.Hide != "" || m.Readme != "" || m.Write || m.Header != "top" {
							return fmt.Errorf("server row after update: %+v", *m)
						}
						return nil
					}),
				},
				// An import never reads the password into the state.
				{ResourceName: "alist_meta.m", ImportState: true, ImportStateId: p, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"password"}},
				{
					// changed in the web UI: planned back, the flags the
					// configuration leaves out too (their default is false)
					PreConfig: func() {
						m, err := e.client.MetaByPath(t0(), p)
						if err != nil {
							t.Fatal(err)
						}
						m.Password, m.Write = "web-ui", true
						if m.ReadUsersSub != nil { // OpenList
							on := true
							m.ReadUsersSub = &on
						}
						if err := e.client.UpdateMeta(t0(), m); err != nil {
							t.Fatal(err)
						}
					},
					Config: metaConfig(e, fmt.Sprintf("  path = %q\n  password = \"n3w\"\n  header = \"top\"", p)),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						expectChange("alist_meta.m", "write", true, false),
					}},
					Check: e.checkMeta(p, func(m *alist.Meta) error {
						if m.Password != "n3w" || m.Write || m.ReadUsersSub != nil && *m.ReadUsersSub {
							return fmt.Errorf("the changes made behind Terraform's back were not put back: %+v", *m)
						}
						return nil
					}),
				},
			},
		})
	})
}

// The effect, seen by an account without the "access without password"
// permission: the folder refuses a listing without its password, serves it
// with the password, and leaves the hidden names out.
func TestAccMeta_protectsFolder(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		p, other := e.path("private"), e.path("other")
		e.seed(map[string][]byte{p + "/a.txt": []byte("a"), p + "/x.secret": []byte("x"), other + "/b.txt": []byte("b")})
		name := e.newAccount("reader", "reader-pass", 0)
		reader, err := alist.NewSession(alist.Config{URL: e.url, Username: name, Password: "reader-pass", RequestTimeout: 30 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		names := func(password string) ([]string, error) {
			items, err := reader.List(t0(), p, alist.ListOptions{Password: password})
			var out []string
			for _, it := range items {
				out = append(out, it.Name)
			}
			return out, err
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					PreConfig: func() {
						if got, err := names(""); err != nil || len(got) != 2 {
							t.Fatalf("before the meta, the reader lists %v, %v", got, err)
						}
					},
					Config: metaConfig(e, fmt.Sprintf("  path = %q\n  password = \"s3cret\"\n  hide = [\"\\\\.secret$\"]", p)),
					Check: func(*terraform.State) error {
						if _, err := names(""); !errors.Is(err, alist.ErrPermissionDenied) {
							return fmt.Errorf("without the password the reader got %v, want a refusal", err)
						}
						if _, err := names("wrong"); !errors.Is(err, alist.ErrPermissionDenied) {
							return fmt.Errorf("with a wrong password the reader got %v, want a refusal", err)
						}
						got, err := names("s3cret")
						if err != nil || len(got) != 1 || got[0] != "a.txt" {
							return fmt.Errorf("with the password the reader lists %v, %v; want [a.txt] (x.secret hidden)", got, err)
						}
						return nil
					},
				},
				{
					// Moved to a folder the reader listed before: v3.38 remembers
					// "no meta there" forever and an in-place move would leave it
					// open, so a new path replaces the meta (a create clears that).
					PreConfig: func() {
						if _, err := reader.List(t0(), other, alist.ListOptions{}); err != nil {
							t.Fatal(err)
						}
					},
					Config: metaConfig(e, fmt.Sprintf("  path = %q\n  password = \"s3cret\"", other)),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("alist_meta.m", plancheck.ResourceActionReplace),
					}},
					Check: func(*terraform.State) error {
						if _, err := reader.List(t0(), other, alist.ListOptions{}); !errors.Is(err, alist.ErrPermissionDenied) {
							return fmt.Errorf("the moved meta does not protect %s: %v", other, err)
						}
						if got, err := names(""); err != nil || len(got) != 2 {
							return fmt.Errorf("the old folder is still protected: %v, %v", got, err)
						}
						return nil
					},
				},
				{Config: e.providerConfig(), Check: func(*terraform.State) error {
					if _, err := reader.List(t0(), other, alist.ListOptions{}); err != nil {
						return fmt.Errorf("after the destroy the reader is refused %s: %v", other, err)
					}
					return nil
				}},
			},
		})
	})
}

// Mistakes refused at plan, with nothing sent.
func TestAccMeta_badInput(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		info, err := e.client.Info(t0())
		if err != nil {
			t.Fatal(err)
		}
		p := e.path("m")
		cases := []struct{ name, body, want string }{
			{"bad pattern", fmt.Sprintf("  path = %q\n  hide = [\"ok\", \"(unclosed\"]", p), `"\(unclosed" does not compile`},
			{"path form", fmt.Sprintf("  path = %q", p+"/"), `Write path = "` + p + `"`},
		}
		if !info.IsOpenList() {
			cases = append(cases, struct{ name, body, want string }{"openlist field", fmt.Sprintf("  path = %q\n  read_users = [1]", p), `read_users. exists on OpenList only`})
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: e.factories(),
					Steps:                    []resource.TestStep{{Config: metaConfig(e, tc.body), PlanOnly: true, ExpectError: re(tc.want)}},
				})
				if err := e.checkNoMeta(p)(nil); err != nil {
					t.Fatal(err)
				}
			})
		}
	})
}

// OpenList's read_users: only the listed accounts may read. The other
// servers refuse the field at plan.
func TestAccMeta_readUsers(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		p := e.path("team")
		info, err := e.client.Info(t0())
		if err != nil {
			t.Fatal(err)
		}
		if !info.IsOpenList() {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{Config: metaConfig(e, fmt.Sprintf("  path = %q\n  read_users = [1]", p)), PlanOnly: true,
					ExpectError: re(`exists on OpenList only`)}},
			})
			return
		}
		readerName := e.newAccount("reader", "reader-pass", alisttest.PermAccessNoPass)
		otherName := e.newAccount("other", "other-pass", alisttest.PermAccessNoPass)
		e.seed(map[string][]byte{p + "/a.txt": []byte("a")})
		list := func(user, pw string) error {
			s, err := alist.NewSession(alist.Config{URL: e.url, Username: user, Password: pw, RequestTimeout: 30 * time.Second})
			if err != nil {
				return err
			}
			_, err = s.List(t0(), p, alist.ListOptions{})
			return err
		}
		reader, err := alist.NewSession(alist.Config{URL: e.url, Username: readerName, Password: "reader-pass"})
		if err != nil {
			t.Fatal(err)
		}
		me, err := reader.Me(t0())
		if err != nil {
			t.Fatal(err)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: metaConfig(e, fmt.Sprintf("  path = %q\n  read_users = [%d]\n  read_users_sub = true", p, me.ID)),
				Check: func(*terraform.State) error {
					if err := list(readerName, "reader-pass"); err != nil {
						return fmt.Errorf("a listed reader was refused: %v", err)
					}
					if err := list(otherName, "other-pass"); !errors.Is(err, alist.ErrPermissionDenied) {
						return fmt.Errorf("an account not in read_users got %v, want a refusal", err)
					}
					return nil
				},
			}},
		})
	})
}
