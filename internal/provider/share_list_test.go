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

// The shares of a folder and below, and with include_resource as an import
// reads them, never with a password; AList v3.38 answers that it has none.
func TestAccShareList(t *testing.T) {
	useQueryTerraform(t)
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		docs := e.path("docs")
		if err := e.client.SharesSupported(t0()); err != nil {
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: e.factories(), Steps: []resource.TestStep{{
				Query: true, Config: e.queryConfig(nil, listBlock("alist_share", "all", "")),
				ExpectError: re(`Share links are not available on this server`),
			}}})
			return
		}
		inside, private, outside := docs+"/a.txt", docs+"/private.txt", e.path("docsx.txt")
		e.seed(map[string][]byte{inside: []byte("a"), private: []byte("p"), outside: []byte("x")})
		pw := "share-list-secret-7781"
		ids := map[string]string{}
		for _, p := range []string{inside, private, outside} {
			spec := alist.ShareSpec{Paths: []string{p}, MaxAccesses: 4}
			if p == private {
				spec.Password = &pw
			}
			sh, err := e.client.CreateShare(t0(), spec)
			if err != nil {
				t.Fatal(err)
			}
			ids[p] = sh.ID
			t.Cleanup(func() { _ = e.client.DeleteShare(t0(), sh.ID) })
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Query: true,
				Config: e.queryConfig(nil,
					listBlock("alist_share", "docs", fmt.Sprintf("    path_prefix = %q", docs), "include_resource = true"),
				),
				QueryResultChecks: append(listedExactly("alist_share.docs", shareIdentity, ids[inside], ids[private]),
					querycheck.ExpectResourceKnownValues("alist_share.docs", queryfilter.ByResourceIdentity(identityOf(shareIdentity, ids[private])), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("paths"), KnownValue: knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(private)})},
						{Path: tfjsonpath.New("has_password"), KnownValue: knownvalue.Bool(true)},
						{Path: tfjsonpath.New("password_wo"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("max_accesses"), KnownValue: knownvalue.Int64Exact(4)},
						{Path: tfjsonpath.New("download_url"), KnownValue: knownvalue.StringExact(e.url + "/sd/" + ids[private])},
					})),
			}},
		})
	})
}
