package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// The data source reports what fs/get says, for a file and for a folder.
func TestAccFileDataSource(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		p := e.path("docs/readme.md")
		cfg := fileConfig(e, "src", p, `content = "# hello\n"`) + `
data "alist_file" "file" {
  path = alist_file.src.path
}
data "alist_file" "dir" {
  path       = "` + e.path("docs") + `"
  depends_on = [alist_file.src]
}
`
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(
					e.checkDataSource("data.alist_file.file", p),
					e.checkDataSource("data.alist_file.dir", e.path("docs")),
					resource.TestCheckResourceAttr("data.alist_file.file", "is_dir", "false"),
					resource.TestCheckResourceAttr("data.alist_file.file", "type", "4"),
					resource.TestCheckResourceAttr("data.alist_file.file", "size", "8"),
					resource.TestCheckResourceAttr("data.alist_file.dir", "is_dir", "true"),
					resource.TestCheckResourceAttr("data.alist_file.dir", "raw_url", ""),
				),
			}},
		})
	})
}

// checkDataSource compares the data source's attributes with the server's
// own answer for the path (sign and raw_url are stable with the default
// non-expiring links).
func (e *testEnv) checkDataSource(addr, p string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		obj, err := e.client.Get(context.Background(), p, "")
		if err != nil {
			return err
		}
		want := map[string]string{
			"name": obj.Name, "size": fmt.Sprint(obj.Size), "is_dir": fmt.Sprint(obj.IsDir), "sign": obj.Sign,
			"raw_url": obj.RawURL, "storage_provider": obj.Provider, "modified": timeString(obj.Modified), "created": timeString(obj.Created),
			"type": fmt.Sprint(obj.Type), "thumb": obj.Thumb, "readme": obj.Readme, "header": obj.Header, "hash_info.%": fmt.Sprint(len(obj.HashInfo)),
		}
		for k, v := range want {
			if err := resource.TestCheckResourceAttr(addr, k, v)(s); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestAccFileDataSource_missing(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config:      e.providerConfig() + fmt.Sprintf("data \"alist_file\" \"x\" {\n  path = %q\n}\n", e.path("nope.txt")),
			ExpectError: re(`(?s)No such file or folder.*nope\.txt`),
		}},
	})
}
