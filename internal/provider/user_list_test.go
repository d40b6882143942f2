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

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// The accounts whose name starts with the test's prefix; the built-in
// admin and guest only when asked; with include_resource as an import
// reads them, never a password.
func TestAccUserList(t *testing.T) {
	useQueryTerraform(t)
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		info, err := e.client.Info(t0())
		if err != nil {
			t.Fatal(err)
		}
		prefix := fmt.Sprintf("tf%dlist", time.Now().UnixNano()%1e9)
		for _, n := range []string{prefix + "a", prefix + "b"} {
			e.newAccountNamed(n, "list-pass-1", 0)
			t.Cleanup(func() {
				if u, err := e.client.UserByName(t0(), n); err == nil {
					_ = e.client.DeleteUser(t0(), u.ID)
				}
			})
		}
		grants := knownValueCheck("permissions", knownvalue.SetExact(nil))
		if info.HasRoles() {
			grants = knownValueCheck("roles", knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(generalName)}))
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Query: true,
				Config: e.queryConfig(nil,
					listBlock("alist_user", "mine", fmt.Sprintf("    username_prefix = %q", prefix), "include_resource = true"),
					listBlock("alist_user", "plain", "", "limit = 1000"), // a real server may have many accounts
					listBlock("alist_user", "builtin", "    include_builtin = true", "limit = 1000"),
				),
				QueryResultChecks: append(listedExactly("alist_user.mine", userIdentity, prefix+"a", prefix+"b"),
					querycheck.ExpectResourceKnownValues("alist_user.mine", queryfilter.ByResourceIdentity(identityOf(userIdentity, prefix+"a")), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("username"), KnownValue: knownvalue.StringExact(prefix + "a")},
						{Path: tfjsonpath.New("password"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("base_path"), KnownValue: knownvalue.StringExact("/")},
						{Path: tfjsonpath.New("disabled"), KnownValue: knownvalue.Bool(false)},
						grants,
					}),
					querycheck.ExpectIdentity("alist_user.plain", identityOf(userIdentity, prefix+"a")),
					querycheck.ExpectNoIdentity("alist_user.plain", identityOf(userIdentity, adminName)),
					querycheck.ExpectNoIdentity("alist_user.plain", identityOf(userIdentity, guestName)),
					querycheck.ExpectIdentity("alist_user.builtin", identityOf(userIdentity, adminName)),
					querycheck.ExpectIdentity("alist_user.builtin", identityOf(userIdentity, guestName)),
					querycheck.ExpectIdentity("alist_user.builtin", identityOf(userIdentity, prefix+"b")),
				),
			}},
		})
	})
}

func knownValueCheck(attr string, v knownvalue.Check) querycheck.KnownValueCheck {
	return querycheck.KnownValueCheck{Path: tfjsonpath.New(attr), KnownValue: v}
}
