package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Checks of the documentation that need no server: what a reader of the
// README, the generated docs/ and the CHANGELOG would otherwise find wrong.

var repoRoot = filepath.Join("..", "..")

func readRepoFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// registeredTypes are the type names of the provider's resources and data sources.
func registeredTypes(t *testing.T) (resources, dataSources []string) {
	ctx := context.Background()
	p := &alistProvider{version: "test"}
	for _, f := range p.Resources(ctx) {
		var resp resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "alist"}, &resp)
		resources = append(resources, resp.TypeName)
	}
	for _, f := range p.DataSources(ctx) {
		var resp datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "alist"}, &resp)
		dataSources = append(dataSources, resp.TypeName)
	}
	if len(resources) == 0 || len(dataSources) == 0 {
		t.Fatal("the provider registers no resource or no data source")
	}
	return resources, dataSources
}

// The README's table names every resource and data source, in its column,
// with the right count.
func TestDocs_readmeListsEverything(t *testing.T) {
	readme := readRepoFile(t, "README.md")
	resources, dataSources := registeredTypes(t)
	lines := strings.Split(readme, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "| resources (") || i+2 >= len(lines) {
			continue
		}
		head, row := strings.Split(l, "|"), strings.Split(lines[i+2], "|")
		if len(head) < 4 || len(row) < 4 {
			t.Fatalf("README's table is not | resources | data sources | guides |:\n%s\n%s", l, lines[i+2])
		}
		for col, names := range map[int][]string{1: resources, 2: dataSources} {
			if want := "(" + strconv.Itoa(len(names)) + ")"; !strings.Contains(head[col], want) {
				t.Errorf("README's table header %q should say %s", strings.TrimSpace(head[col]), want)
			}
			for _, n := range names {
				if !strings.Contains(row[col], "`"+n+"`") {
					t.Errorf("README's table lacks %s in its %q column", n, strings.TrimSpace(head[col]))
				}
			}
		}
		return
	}
	t.Fatal("README has no table whose header starts with \"| resources (\"")
}

// Every resource and data source has an example (which TestAccExamples
// applies), a page in docs/, and an entry in the CHANGELOG.
func TestDocs_everyTypeHasExampleAndPage(t *testing.T) {
	changelog := readRepoFile(t, "CHANGELOG.md")
	resources, dataSources := registeredTypes(t)
	for kind, names := range map[string][]string{"resources": resources, "data-sources": dataSources} {
		file := map[string]string{"resources": "resource.tf", "data-sources": "data-source.tf"}[kind]
		for _, n := range names {
			for _, p := range []string{filepath.Join("examples", kind, n, file), filepath.Join("docs", kind, strings.TrimPrefix(n, "alist_")+".md")} {
				if _, err := os.Stat(filepath.Join(repoRoot, p)); err != nil {
					t.Errorf("%s (%s): %v", n, kind, err)
				}
			}
			if !strings.Contains(changelog, "`"+n+"`") {
				t.Errorf("CHANGELOG.md never names %s", n)
			}
		}
	}
}

// Generated pages hold no unrendered template value, guides share one
// subcategory and have a literal title, and every page with a write-only
// attribute says which CLI versions take it.
func TestDocs_generatedPages(t *testing.T) {
	// The registry's pages; docs/development holds notes for contributors.
	pages := []string{filepath.Join(repoRoot, "docs", "index.md")}
	for _, dir := range []string{"resources", "data-sources", "guides"} {
		found, err := filepath.Glob(filepath.Join(repoRoot, "docs", dir, "*.md"))
		if err != nil || len(found) == 0 {
			t.Fatalf("no pages in docs/%s: %v", dir, err)
		}
		pages = append(pages, found...)
	}
	frontmatter := regexp.MustCompile(`(?s)\A---\n(.*?)\n---\n`)
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		page, rel := string(b), strings.TrimPrefix(p, repoRoot+string(filepath.Separator))
		if strings.Contains(page, "<no value>") {
			t.Errorf("%s holds \"<no value>\": a template value it does not get (guides get no provider name)", rel)
		}
		fm := frontmatter.FindStringSubmatch(page)
		if fm == nil {
			t.Errorf("%s has no frontmatter", rel)
			continue
		}
		if filepath.Base(filepath.Dir(p)) == "guides" && !strings.Contains(fm[1], "\nsubcategory: \"Guides\"") {
			t.Errorf("%s: a guide's frontmatter needs subcategory: \"Guides\", as the others have:\n%s", rel, fm[1])
		}
		if strings.Contains(page, "WriteOnly") || regexp.MustCompile("`[a-z_]+_wo` \\(").MatchString(page) {
			if !strings.Contains(page, "Terraform >= 1.11 or OpenTofu >= 1.11") {
				t.Errorf("%s has a write-only attribute but does not say it needs Terraform >= 1.11 or OpenTofu >= 1.11", rel)
			}
		}
	}
}

// `make bench`'s duration is one figure, the one BENCHMARKS.md records.
func TestDocs_benchDuration(t *testing.T) {
	m := regexp.MustCompile("Written by `make bench` \\([^,]*, ([0-9.]+) s\\)").FindStringSubmatch(readRepoFile(t, "BENCHMARKS.md"))
	if m == nil {
		t.Fatal("BENCHMARKS.md does not say how long make bench took")
	}
	secs, _ := strconv.ParseFloat(m[1], 64)
	claim := regexp.MustCompile(`about (\d+) minutes`)
	for _, f := range []string{"README.md", "GNUmakefile"} {
		text := readRepoFile(t, f)
		i := strings.Index(text, "make bench")
		if f == "GNUmakefile" {
			i = strings.Index(text, "writes BENCHMARKS.md")
		}
		if i < 0 {
			t.Fatalf("%s does not mention make bench", f)
		}
		c := claim.FindStringSubmatch(text[max(0, i-200):min(len(text), i+200)])
		if c == nil {
			t.Errorf("%s does not say how long make bench takes (about N minutes)", f)
			continue
		}
		if n, _ := strconv.ParseFloat(c[1], 64); n < secs/60-2 || n > secs/60+2 {
			t.Errorf("%s says make bench takes about %s minutes; BENCHMARKS.md records %.0f s", f, c[1], secs)
		}
	}
}

// Every resource has an identity (ResourceWithIdentity) and its page shows
// the three ways to import it: an import block by identity, with the
// identity's schema, one by string ID, and the command.
func TestDocs_importByIdentity(t *testing.T) {
	ctx := context.Background()
	for _, f := range (&alistProvider{version: "test"}).Resources(ctx) {
		r := f()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "alist"}, &meta)
		n := meta.TypeName
		withID, ok := r.(resource.ResourceWithIdentity)
		if !ok {
			t.Errorf("%s has no identity", n)
			continue
		}
		var ids resource.IdentitySchemaResponse
		withID.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &ids)
		if len(ids.IdentitySchema.Attributes) != 1 {
			t.Errorf("%s's identity has %d attributes, want its one name", n, len(ids.IdentitySchema.Attributes))
		}
		page := readRepoFile(t, filepath.Join("docs", "resources", strings.TrimPrefix(n, "alist_")+".md"))
		for attr := range ids.IdentitySchema.Attributes {
			for _, want := range []string{"### Identity Schema", "  identity = {\n    " + attr + " = ", "  id = ", "terraform import " + n + "."} {
				if !strings.Contains(page, want) {
					t.Errorf("docs of %s lack %q: add examples/resources/%s/import-by-identity.tf (or its import form) and run make docs", n, want, n)
				}
			}
		}
	}
}
