package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// alist_me is the same on every flavour for the same account, whatever
// shape /api/me has there; alist_server tells the flavours apart.
func TestAccMeAndServerDataSources(t *testing.T) {
	kinds := map[alisttest.Flavor]string{alisttest.AListV338: "AList v3", alisttest.AListV362: "AList v3", alisttest.OpenListV4: "OpenList"}
	for _, f := range flavors {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, alisttest.Options{Flavor: f, Users: []alisttest.User{{Username: "editor", Password: "editor-pass", Permission: 1<<3 | 1<<4 | 1<<7, BasePath: "/local"}}})
			e.needsLocal()
			ed := e.withCredentials("editor", "editor-pass")
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: ed.factories(),
				Steps: []resource.TestStep{{
					Config: ed.providerConfig() + "data \"alist_me\" \"me\" {}\ndata \"alist_server\" \"s\" {}\n",
					ConfigStateChecks: []statecheck.StateCheck{
						expectString("data.alist_me.me", "username", "editor"),
						expectString("data.alist_me.me", "role", "general"),
						expectString("data.alist_me.me", "base_path", "/local"),
						statecheck.ExpectKnownValue("data.alist_me.me", tfjsonpath.New("permission"), knownvalue.Int64Exact(1<<3|1<<4|1<<7)),
						statecheck.ExpectKnownValue("data.alist_me.me", tfjsonpath.New("permission_names"),
							knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("upload"), knownvalue.StringExact("rename"), knownvalue.StringExact("remove")})),
						statecheck.ExpectKnownValue("data.alist_me.me", tfjsonpath.New("otp"), knownvalue.Bool(false)),
						statecheck.ExpectKnownValue("data.alist_me.me", tfjsonpath.New("disabled"), knownvalue.Bool(false)),
						expectString("data.alist_server.s", "version", f.Version()),
						expectString("data.alist_server.s", "kind", kinds[f]),
					},
				}},
			})
			// The admin is an admin on every flavour (v3.62 sends a list of roles).
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config:            e.providerConfig() + "data \"alist_me\" \"me\" {}\n",
					ConfigStateChecks: []statecheck.StateCheck{expectString("data.alist_me.me", "role", "admin"), expectString("data.alist_me.me", "username", fmt.Sprint(e.username))},
				}},
			})
		})
	}
}
