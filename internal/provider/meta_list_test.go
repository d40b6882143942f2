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

// The metas of a folder and below, and with include_resource as an import
// reads them, the password left out.
func TestAccMetaList(t *testing.T) {
	useQueryTerraform(t)
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		docs, private, outside := e.path("docs"), e.path("docs/private"), e.path("docsx")
		for _, m := range []alist.Meta{
			{Path: docs, Readme: "# Docs", RSub: true},
			{Path: private, Password: "meta-pw", PSub: true, Hide: `\.secret$` + "\n" + `^draft-`},
			{Path: outside, Write: true},
		} {
			if _, err := e.client.CreateMeta(t0(), &m); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if row, err := e.client.MetaByPath(t0(), m.Path); err == nil {
					_ = e.client.DeleteMeta(t0(), row.ID)
				}
			})
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Query: true,
				Config: e.queryConfig(nil,
					listBlock("alist_meta", "docs", fmt.Sprintf("    path_prefix = %q", docs)),
					listBlock("alist_meta", "private", fmt.Sprintf("    path_prefix = %q", private), "include_resource = true"),
				),
				QueryResultChecks: append(listedExactly("alist_meta.docs", metaIdentity, docs, private),
					querycheck.ExpectLength("alist_meta.private", 1),
					querycheck.ExpectResourceKnownValues("alist_meta.private", queryfilter.ByResourceIdentity(identityOf(metaIdentity, private)), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("path"), KnownValue: knownvalue.StringExact(private)},
						{Path: tfjsonpath.New("password"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("password_sub"), KnownValue: knownvalue.Bool(true)},
						{Path: tfjsonpath.New("hide"), KnownValue: knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(`\.secret$`), knownvalue.StringExact(`^draft-`)})},
						{Path: tfjsonpath.New("readme"), KnownValue: knownvalue.StringExact("")},
					})),
			}},
		})
	})
}
