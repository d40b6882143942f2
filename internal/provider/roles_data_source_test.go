package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// alist_roles lists the roles of v3.62, the built-in ones and a hand-made
// one, with alist_role's names; a server without roles gets the one error
// that says so.
func TestAccRolesDataSource(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		h := newHandMade(e)
		cfg := e.providerConfig() + "data \"alist_roles\" \"all\" {}\n"
		if h.role == "" {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps:                    []resource.TestStep{{Config: cfg, ExpectError: re(`This server has no roles(.|\n)*Roles exist only on AList v3.46 and later`)}},
			})
			return
		}
		rows, err := e.client.Roles(t0())
		if err != nil {
			t.Fatal(err)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: cfg,
				Check: func(s *terraform.State) error {
					all := attrsOf(s, "data.alist_roles.all")
					if all["roles.#"] != fmt.Sprint(len(rows)) {
						return fmt.Errorf("alist_roles has %s roles, the server %d", all["roles.#"], len(rows))
					}
					seen := map[string]bool{}
					for i, r := range rows {
						pre := fmt.Sprintf("roles.%d.", i)
						seen[all[pre+"name"]] = true
						if all[pre+"name"] != r.Name || all[pre+"id"] != fmt.Sprint(r.ID) || all[pre+"description"] != r.Description ||
							all[pre+"default"] != fmt.Sprint(r.Default) || all[pre+"permission_scopes.#"] != fmt.Sprint(len(r.PermissionScopes)) {
							return fmt.Errorf("role %d: %v, server %+v", i, all, r)
						}
						if r.Name != h.role {
							continue
						}
						// The hand-made role's scopes, by alist_role's permission names.
						want := map[string]string{"permission_scopes.0.path": h.metaPrefix, "permission_scopes.0.permissions.#": "2",
							"permission_scopes.1.path": "/", "permission_scopes.1.permissions.#": "1", "permission_scopes.1.permissions.0": "see_hidden"}
						for k, v := range want {
							if all[pre+k] != v {
								return fmt.Errorf("%s: %s = %q, want %q", r.Name, k, all[pre+k], v)
							}
						}
					}
					for _, n := range []string{adminName, guestName, generalName, h.role} {
						if !seen[n] {
							return fmt.Errorf("role %s is not listed: %v", n, all)
						}
					}
					return nil
				},
			}},
		})
	})
}
