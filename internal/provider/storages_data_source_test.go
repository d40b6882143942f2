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
// with alist_storage's names, the driver settings as an import takes them
// and never a secret one; mount_path_prefix keeps those at and below a
// mount path.
func TestAccStoragesDataSource(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		h := newHandMade(e)
		rows, err := e.client.Storages(t0())
		if err != nil {
			t.Fatal(err)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.providerConfig() + "data \"alist_storages\" \"all\" {}\n" +
					fmt.Sprintf("data \"alist_storages\" \"mine\" {\n  mount_path_prefix = %q\n}\n", h.mountPrefix),
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
					mine := attrsOf(s, "data.alist_storages.mine")
					if mine["storages.#"] != fmt.Sprint(len(h.mounts)) {
						return fmt.Errorf("below %s: %s storages, want %d: %v", h.mountPrefix, mine["storages.#"], len(h.mounts), mine)
					}
					byMount := map[string]string{}
					for i := range h.mounts {
						byMount[mine[fmt.Sprintf("storages.%d.mount_path", i)]] = fmt.Sprintf("storages.%d.", i)
					}
					cjk, digit, dav := byMount[h.mounts[0]], byMount[h.mounts[1]], byMount[h.mounts[2]]
					if cjk == "" || digit == "" || dav == "" {
						return fmt.Errorf("not every mount of %v is listed: %v", h.mounts, mine)
					}
					want := map[string]string{cjk + "remark": "云盘", cjk + "order": "3", cjk + "cache_expiration": "30", cjk + "disabled": "false",
						cjk + "addition.mkdir_perm": "750", cjk + "webdav_policy": "native_proxy", digit + "disabled": "true", digit + "remark": "old",
						dav + "driver": "WebDav", dav + "addition.username": e.username}
					for k, v := range want {
						if mine[k] != v {
							return fmt.Errorf("%s = %q, want %q", k, mine[k], v)
						}
					}
					for k, v := range mine {
						if strings.HasPrefix(k, dav+"addition.password") || v == e.password {
							return fmt.Errorf("alist_storages shows the WebDav password: %s", k)
						}
					}
					return nil
				},
			}},
		})
	})
}
