package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// roleName is a role name of the test's own, removed with whatever role is
// left under it when the test ends (a failed test's).
func (e *testEnv) roleName(suffix string) string {
	e.t.Helper()
	name := fmt.Sprintf("tf-role-%d%s", time.Now().UnixNano()%1e9, suffix)
	e.t.Cleanup(func() {
		if r, err := e.client.RoleByName(t0(), name); err == nil {
			_ = e.client.DeleteRole(t0(), r.ID)
		}
	})
	return name
}

// A role's life on v3.62, checked on the server, with its built-ins
// guarded at plan; elsewhere one error says the server has no roles.
func TestAccRole_lifecycle(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		info, err := e.client.Info(t0())
		if err != nil {
			t.Fatal(err)
		}
		name := e.roleName("")
		cfg := func(desc, perms string) string {
			return e.providerConfig() + fmt.Sprintf(`resource "alist_role" "r" {
  name              = %q
  description       = %q
  permission_scopes = [{ path = %q, permissions = [%s] }, { path = "/", permissions = ["see_hidden"] }]
}
`, name, desc, e.root, perms)
		}
		if !info.HasRoles() {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{Config: cfg("x", `"write"`), PlanOnly: true,
					ExpectError: re(`Roles exist only on AList v3.46 and later(.|\n)*use alist_user's .permissions.`)}},
			})
			return
		}
		check := func(desc string, bits int32) resource.TestCheckFunc {
			return func(*terraform.State) error {
				r, err := e.client.RoleByName(t0(), name)
				if err != nil {
					return err
				}
				if r.Description != desc || len(r.PermissionScopes) != 2 || r.PermissionScopes[0].Path != e.root || r.PermissionScopes[0].Permission != bits {
					return fmt.Errorf("server role: %+v", *r)
				}
				return nil
			}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy: func(*terraform.State) error {
				if _, err := e.client.RoleByName(t0(), name); !isNotFound(err) {
					return fmt.Errorf("the role is left on the server: %v", err)
				}
				return nil
			},
			Steps: []resource.TestStep{
				{Config: cfg("deployers", `"write", "remove"`), Check: check("deployers", 1<<3|1<<7)},
				{Config: cfg("deployers, renaming too", `"write", "remove", "rename"`), Check: check("deployers, renaming too", 1<<3|1<<4|1<<7)},
				{ResourceName: "alist_role.r", ImportState: true, ImportStateId: name, ImportStateVerify: true},
				{Config: cfg("x", `"write", "fly"`), PlanOnly: true, ExpectError: re(`"fly" is not a permission of AList v3.62`)},
				{Config: e.providerConfig() + "resource \"alist_role\" \"admin\" {\n  name = \"admin\"\n  permission_scopes = [{ path = \"/\", permissions = [\"write\"] }]\n}\n",
					PlanOnly: true, ExpectError: re(`The "admin" role exists on every AList v3.62 server and cannot be created or changed`)},
			},
		})
	})
}
