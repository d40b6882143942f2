package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// alist_settings lists a group, secrets masked.
func TestAccSettingsDataSource(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.providerConfig() + "data \"alist_settings\" \"site\" {\n  group = \"site\"\n}\ndata \"alist_settings\" \"ldap\" {\n  group = \"ldap\"\n}\n",
				Check: func(s *terraform.State) error {
					find := func(ds, key string) map[string]string {
						attrs := s.RootModule().Resources[ds].Primary.Attributes
						for k, v := range attrs {
							if strings.HasSuffix(k, ".key") && v == key {
								pre := strings.TrimSuffix(k, "key")
								return map[string]string{"value": attrs[pre+"value"], "sensitive": attrs[pre+"sensitive"], "group": attrs[pre+"group"]}
							}
						}
						return nil
					}
					if got := find("data.alist_settings.site", "site_title"); got == nil || got["group"] != "site" || got["sensitive"] != "false" {
						return fmt.Errorf("site_title: %v", got)
					}
					if got := find("data.alist_settings.ldap", "ldap_manager_password"); got == nil || got["sensitive"] != "true" || got["value"] != "" {
						return fmt.Errorf("ldap_manager_password is not masked: %v", got)
					}
					return nil
				},
			}},
		})
	})
}
