package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// attrsOf is a data source's flat attributes.
func attrsOf(s *terraform.State, addr string) map[string]string {
	return s.RootModule().Resources[addr].Primary.Attributes
}

// alist_storages lists the server's storages as the admin API has them,
// never a driver's settings; alist_driver tells what a driver takes and
// which of its fields are secrets.
func TestAccStorageDataSources(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		rows, err := e.client.Storages(t0())
		if err != nil {
			t.Fatal(err)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.providerConfig() + "data \"alist_storages\" \"all\" {}\ndata \"alist_driver\" \"local\" {\n  name = \"Local\"\n}\ndata \"alist_driver\" \"peer\" {\n  name = \"AList V3\"\n}\n",
				Check: func(s *terraform.State) error {
					all := attrsOf(s, "data.alist_storages.all")
					if all["storages.#"] != fmt.Sprint(len(rows)) {
						return fmt.Errorf("alist_storages has %s storages, the server %d", all["storages.#"], len(rows))
					}
					for i, st := range rows {
						pre := fmt.Sprintf("storages.%d.", i)
						if all[pre+"mount_path"] != st.MountPath || all[pre+"driver"] != st.Driver || all[pre+"status"] != st.Status || all[pre+"id"] != fmt.Sprint(st.ID) {
							return fmt.Errorf("storage %d: %s %s %s, server %+v", i, all[pre+"mount_path"], all[pre+"driver"], all[pre+"status"], st)
						}
					}
					for k := range all {
						if strings.Contains(k, "addition") {
							return fmt.Errorf("alist_storages shows a driver setting: %s", k)
						}
					}
					local := attrsOf(s, "data.alist_driver.local")
					if local["fields.0.name"] != "root_folder_path" || local["fields.0.type"] != "string" || local["no_cache"] != "true" || local["secret_fields.#"] != "0" {
						return fmt.Errorf("alist_driver Local: fields.0 %s/%s, no_cache %s, secrets %s", local["fields.0.name"], local["fields.0.type"], local["no_cache"], local["secret_fields.#"])
					}
					peer := attrsOf(s, "data.alist_driver.peer")
					var secrets []string
					for k, v := range peer {
						if strings.HasPrefix(k, "secret_fields.") && k != "secret_fields.#" {
							secrets = append(secrets, v)
						}
					}
					joined := strings.Join(secrets, " ")
					if !strings.Contains(joined, "password") || !strings.Contains(joined, "token") {
						return fmt.Errorf("alist_driver AList V3: secret_fields %v, want password and token", secrets)
					}
					return nil
				},
			}, {
				Config:      e.providerConfig() + "data \"alist_driver\" \"x\" {\n  name = \"local\"\n}\n",
				ExpectError: re(`no driver "local".*Did you mean "Local"`),
			}},
		})
	})
}

// A driver's fields are asked once per run, not once per storage: five
// storages of one driver cost one driver/info per terraform command.
func TestAccStorage_driverFieldsOncePerRun(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	e.needsLocal(whyCounts)
	dir := e.diskDir(e.root)
	var cfg strings.Builder
	cfg.WriteString(e.providerConfig())
	for i := range 5 {
		fmt.Fprintf(&cfg, "resource \"alist_storage\" \"s%d\" {\n  mount_path = %q\n  driver = \"Local\"\n  addition = { root_folder_path = %q }\n}\n", i, e.mount(fmt.Sprint(i)), dir)
	}
	e.server.ResetCounts()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: cfg.String(),
			Check: func(*terraform.State) error {
				// plan, apply, and the refresh and plan after: 4 runs
				if n := e.server.Count("/api/admin/driver/info"); n > 4 {
					return fmt.Errorf("driver/info was asked %d times for 5 storages in 4 runs", n)
				}
				return nil
			},
		}},
	})
}
