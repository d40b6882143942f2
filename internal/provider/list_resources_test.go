package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
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
