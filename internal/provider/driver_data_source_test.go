package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// alist_driver tells what a driver takes and which of its fields are
// secrets; a misspelt name is refused with the near one.
func TestAccDriverDataSource(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.providerConfig() + "data \"alist_driver\" \"local\" {\n  name = \"Local\"\n}\ndata \"alist_driver\" \"peer\" {\n  name = \"AList V3\"\n}\n",
				Check: func(s *terraform.State) error {
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
