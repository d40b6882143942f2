package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// The list resources' tests: `terraform query` steps (Terraform >= 1.14)
// over objects each test makes through the API under names of its own,
// which the list blocks filter on, so that a real server's other objects
// do not change the counts.

// queryConfig is a query step's configuration: the provider block (with
// extra lines) and list blocks.
func (e *testEnv) queryConfig(providerExtra []string, blocks ...string) string {
	return e.providerConfig(providerExtra...) + strings.Join(blocks, "")
}

// listBlock is a list block named name of the list resource typ, with its
// config body and extra arguments (include_resource, limit).
func listBlock(typ, name, config string, extra ...string) string {
	return fmt.Sprintf("list %q %q {\n  provider = alist\n%s  config {\n%s\n  }\n}\n", typ, name, indent(extra), config)
}

// listedExactly checks that the list block addr ("alist_storage.all")
// found exactly names, in any order, each with its identity and display
// name.
func listedExactly(addr string, id identity, names ...string) []querycheck.QueryResultCheck {
	checks := []querycheck.QueryResultCheck{querycheck.ExpectLength(addr, len(names))}
	for _, n := range names {
		checks = append(checks,
			querycheck.ExpectIdentity(addr, identityOf(id, n)),
			querycheck.ExpectResourceDisplayName(addr, queryfilter.ByResourceIdentity(identityOf(id, n)), knownvalue.StringExact(n)))
	}
	return checks
}

func identityOf(id identity, name string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{id.attr: knownvalue.StringExact(name)}
}

// withoutKeys is a map check: the keys are absent (a secret left out).
type withoutKeys []string

func (w withoutKeys) CheckValue(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("expected a map, got %T", v)
	}
	for _, k := range w {
		if _, has := m[k]; has {
			return fmt.Errorf("the map holds %q, which must be left out", k)
		}
	}
	return nil
}

func (w withoutKeys) String() string { return "a map without " + strings.Join(w, ", ") }

// A list streams page by page: a limit reads no page past the one that
// fills it, and a page that fails ends the list with an error that says
// which page and how many results came before it.
func TestAccListPaging(t *testing.T) {
	useQueryTerraform(t)
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		e.needsLocal(whyFaults)
		defer func(n int) { listPageSize = n }(listPageSize)
		listPageSize = 2
		dir := e.diskDir(e.path("media"))
		m := e.mount("paged")
		t.Cleanup(func() { e.removeStoragesBelow(m) })
		for _, s := range []string{"a", "b", "c"} {
			st := alist.Storage{MountPath: m + "/" + s, Driver: "Local", WebdavPolicy: "native_proxy", Addition: fmt.Sprintf(`{"root_folder_path":%q}`, dir)}
			if _, err := e.client.CreateStorage(t0(), &st); err != nil {
				t.Fatal(err)
			}
		}
		// Where the server's order puts them: the page of the first, and
		// how many of them that page and those before it hold.
		all, err := e.client.Storages(t0())
		if err != nil {
			t.Fatal(err)
		}
		first := slices.IndexFunc(all, func(st alist.Storage) bool { return within(st.MountPath, m) })
		pages := first/listPageSize + 1
		before := 0
		for _, st := range all[:min(pages*listPageSize, len(all))] {
			if within(st.MountPath, m) {
				before++
			}
		}
		if before == 3 {
			t.Fatalf("all three storages are on page %d: no later page to fail", pages)
		}
		const route = "/api/admin/storage/list"
		under := fmt.Sprintf("    mount_path_prefix = %q", m)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{
					PreConfig:         e.server.ResetCounts,
					Query:             true,
					Config:            e.queryConfig(nil, listBlock("alist_storage", "one", under, "limit = 1")),
					QueryResultChecks: listedExactly("alist_storage.one", storageIdentity, m+"/a"),
				},
				{
					PreConfig: func() {
						if n := e.server.Count(route); n != pages {
							t.Errorf("with limit = 1 the list read %d pages, want %d (the one that holds %s)", n, pages, m+"/a")
						}
						// The page after those fails (the provider does not retry).
						e.server.Hook(route, pages, func() { e.server.FailNextOn(route, 1, alisttest.FaultHTTP500) })
					},
					Query:       true,
					Config:      e.queryConfig([]string{"max_retries = 0"}, listBlock("alist_storage", "all", under)),
					ExpectError: re(fmt.Sprintf(`(?s)The list of storages is incomplete.*failed at page %d .*stops here, after %d result`, pages+1, before)),
				},
			},
		})
	})
}

// Bad filters are refused at plan, naming the attribute and the fix.
func TestAccListBadConfig(t *testing.T) {
	useQueryTerraform(t)
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		step := func(block, want string) resource.TestStep {
			return resource.TestStep{Query: true, Config: e.queryConfig(nil, block), ExpectError: re("(?s)" + want)}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				step(listBlock("alist_storage", "s", `    mount_path_prefix = "media"`), `Path not in the server's form.*Write mount_path_prefix = "/media"`),
				step(listBlock("alist_meta", "m", `    path_prefix = "/docs/"`), `Path not in the server's form.*Write path_prefix = "/docs"`),
				step(listBlock("alist_setting", "s", `    key_pattern = "ldap_[a"`), `Invalid glob pattern.*close every`),
				step(listBlock("alist_setting", "s", `    group = "nope"`), `group.*value must be one of`),
				step(listBlock("alist_storage", "s", `    driver = "Locall"`), `Unknown storage driver.*Did you mean "Local"`),
			},
		})
	})
}
