package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// A folder of 2,000 entries comes back whole on every flavour (v3.62 caps
// pages at 500), with each entry's fields as fs/list gives them.
func TestAccFilesDataSource(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		dir := e.path("many")
		files := map[string][]byte{}
		for i := range 2000 {
			files[fmt.Sprintf("%s/f%04d.txt", dir, i)] = []byte(fmt.Sprint(i))
		}
		e.seed(files)
		mkdir(t, e, dir+"/sub")
		const addr = "data.alist_files.all"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.providerConfig() + fmt.Sprintf("data \"alist_files\" \"all\" {\n  path = %q\n  refresh = true\n}\n", dir),
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(addr, "files.#", "2001"),
					func(s *terraform.State) error {
						items, err := e.client.List(t0(), dir, alist.ListOptions{})
						if err != nil {
							return err
						}
						for i, it := range items {
							if i%97 != 0 && i != len(items)-1 {
								continue
							}
							prefix := fmt.Sprintf("files.%d.", i)
							for k, v := range map[string]string{
								"name": it.Name, "path": dir + "/" + it.Name, "size": fmt.Sprint(it.Size), "is_dir": fmt.Sprint(it.IsDir),
								"type": fmt.Sprint(it.Type), "sign": it.Sign, "modified": timeString(it.Modified),
							} {
								if err := resource.TestCheckResourceAttr(addr, prefix+k, v)(s); err != nil {
									return err
								}
							}
						}
						return nil
					},
					resource.TestCheckTypeSetElemNestedAttrs(addr, "files.*", map[string]string{"name": "sub", "is_dir": "true", "type": "1"}),
				),
			}},
		})
	})
}

func TestAccFilesDataSource_missing(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config:      e.providerConfig() + fmt.Sprintf("data \"alist_files\" \"x\" {\n  path = %q\n}\n", e.path("nope")),
			ExpectError: re(`(?s)No such file or folder.*Nothing exists at this path`),
		}},
	})
}
