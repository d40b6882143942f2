package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// alist_storages lists the server's storages as the admin API has them,
// never a driver's settings.
func TestAccStoragesDataSource(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		rows, err := e.client.Storages(t0())
		if err != nil {
			t.Fatal(err)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.providerConfig() + "data \"alist_storages\" \"all\" {}\n",
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
					return nil
				},
			}},
		})
	})
}
