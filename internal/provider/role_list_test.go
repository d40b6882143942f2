package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// v3.62's roles by name prefix, the built-ins only when asked, with
// include_resource as an import reads them; a server without roles
// refuses the list with the resource's one error.
func TestAccRoleList(t *testing.T) {
	useQueryTerraform(t)
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		info, err := e.client.Info(t0())
		if err != nil {
			t.Fatal(err)
		}
		prefix := fmt.Sprintf("tf%dlist", time.Now().UnixNano()%1e9)
		blocks := []string{
			listBlock("alist_role", "mine", fmt.Sprintf("    name_prefix = %q", prefix), "include_resource = true"),
			listBlock("alist_role", "plain", "", "limit = 1000"),
			listBlock("alist_role", "builtin", "    include_builtin = true", "limit = 1000"),
		}
		if !info.HasRoles() {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps:                    []resource.TestStep{{Query: true, Config: e.queryConfig(nil, blocks...), ExpectError: re("This server has no roles")}},
			})
			return
		}
		for _, r := range []alist.Role{
			{Name: prefix + "a", Description: "listed", PermissionScopes: []alist.PermissionScope{{Path: e.root, Permission: 1 | 8}}},
			{Name: prefix + "b", PermissionScopes: []alist.PermissionScope{{Path: "/", Permission: 0}}},
		} {
			if _, err := e.client.CreateRole(t0(), &r); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if row, err := e.client.RoleByName(t0(), r.Name); err == nil {
					_ = e.client.DeleteRole(t0(), row.ID)
				}
			})
		}
		checks := listedExactly("alist_role.mine", roleIdentity, prefix+"a", prefix+"b")
		checks = append(checks, querycheck.ExpectResourceKnownValues("alist_role.mine", queryfilter.ByResourceIdentity(identityOf(roleIdentity, prefix+"a")), []querycheck.KnownValueCheck{
			knownValueCheck("description", knownvalue.StringExact("listed")),
			knownValueCheck("default", knownvalue.Bool(false)),
			{Path: tfjsonpath.New("permission_scopes").AtSliceIndex(0).AtMapKey("path"), KnownValue: knownvalue.StringExact(e.root)},
			{Path: tfjsonpath.New("permission_scopes").AtSliceIndex(0).AtMapKey("permissions"),
				KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("see_hidden"), knownvalue.StringExact("write")})},
		}), querycheck.ExpectIdentity("alist_role.plain", identityOf(roleIdentity, prefix+"b")))
		for _, b := range []string{adminName, guestName, generalName} {
			checks = append(checks, querycheck.ExpectNoIdentity("alist_role.plain", identityOf(roleIdentity, b)),
				querycheck.ExpectIdentity("alist_role.builtin", identityOf(roleIdentity, b)))
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps:                    []resource.TestStep{{Query: true, Config: e.queryConfig(nil, blocks...), QueryResultChecks: checks}},
		})
	})
}
