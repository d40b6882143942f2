package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// The storages below one folder, by driver, up to a limit, and with
// include_resource as an import reads them: the peer's password left out
// of addition.
func TestAccStorageList(t *testing.T) {
	useQueryTerraform(t)
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		dir := e.diskDir(e.path("media"))
		m := e.mount("list")
		t.Cleanup(func() { e.removeStoragesBelow(m) })
		outside := e.mount("listx") // shares the prefix's characters, not its folder
		mk := func(st alist.Storage) {
			t.Helper()
			if _, err := e.client.CreateStorage(t0(), &st); err != nil {
				t.Fatalf("storage %s: %v", st.MountPath, err)
			}
		}
		local := func(mount string) alist.Storage {
			return alist.Storage{MountPath: mount, Driver: "Local", WebdavPolicy: "native_proxy", Addition: fmt.Sprintf(`{"root_folder_path":%q}`, dir)}
		}
		mk(local(m + "/a"))
		mk(local(m + "/b"))
		mk(local(outside))
		peer := e.peerDriver()
		mk(alist.Storage{MountPath: m + "/peer", Driver: peer, WebdavPolicy: "302_redirect",
			Addition: fmt.Sprintf(`{"url":%q,"username":%q,"password":%q,"root_folder_path":%q}`, e.url, e.username, e.password, e.root)})

		under := fmt.Sprintf("    mount_path_prefix = %q", m)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Query: true,
				Config: e.queryConfig(nil,
					listBlock("alist_storage", "under", under),
					listBlock("alist_storage", "local", under+fmt.Sprintf("\n    driver = %q", "Local")),
					listBlock("alist_storage", "one", under, "limit = 1"),
					listBlock("alist_storage", "peer", fmt.Sprintf("    mount_path_prefix = %q", m+"/peer"), "include_resource = true"),
				),
				QueryResultChecks: append(append(append(
					listedExactly("alist_storage.under", storageIdentity, m+"/a", m+"/b", m+"/peer"),
					listedExactly("alist_storage.local", storageIdentity, m+"/a", m+"/b")...),
					querycheck.ExpectLength("alist_storage.one", 1)),
					querycheck.ExpectResourceKnownValues("alist_storage.peer", queryfilter.ByResourceIdentity(identityOf(storageIdentity, m+"/peer")), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("driver"), KnownValue: knownvalue.StringExact(peer)},
						{Path: tfjsonpath.New("webdav_policy"), KnownValue: knownvalue.StringExact("302_redirect")},
						{Path: tfjsonpath.New("disabled"), KnownValue: knownvalue.Bool(false)},
						{Path: tfjsonpath.New("addition").AtMapKey("url"), KnownValue: knownvalue.StringExact(e.url)},
						{Path: tfjsonpath.New("addition").AtMapKey("username"), KnownValue: knownvalue.StringExact(e.username)},
						{Path: tfjsonpath.New("addition"), KnownValue: withoutKeys{"password", "token"}},
						{Path: tfjsonpath.New("sensitive_addition"), KnownValue: knownvalue.Null()},
					})),
			}},
		})
	})
}
