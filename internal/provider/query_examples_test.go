package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// The query examples (examples/query and examples/list-resources/*, which
// TestAccExamples leaves alone: they hold no .tf file) run as a user runs
// them, `terraform query` with a Terraform >= 1.14; the server example
// also generates the configuration of what it finds. On a server without
// roles (or share links), those blocks are refused with the resource's error, and the
// rest runs once they are removed, as the examples' comments say.
func TestAccQueryExamples(t *testing.T) {
	useQueryTerraform(t)
	dirs, err := filepath.Glob(filepath.Join(examplesDir, "list-resources", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range dirs {
		dirs[i], _ = filepath.Rel(examplesDir, d)
	}
	dirs = append(dirs, "query")
	roleBlock := regexp.MustCompile(`(?ms)^list "alist_role" .*?^}\n`)
	shareBlock := regexp.MustCompile(`(?ms)^list "alist_share" .*?^}\n`)
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		for _, d := range dirs {
			t.Run(filepath.ToSlash(d), func(t *testing.T) {
				e := newEnv(t, alisttest.Options{Flavor: f})
				info, err := e.client.Info(t0())
				if err != nil {
					t.Fatal(err)
				}
				cli := newExampleCLI(t, e, d)
				file := "server.tfquery.hcl"
				if d != "query" {
					file = "list-resource.tfquery.hcl"
				}
				args := []string{"query"}
				if d == "query" {
					args = append(args, "-generate-config-out=generated.tf")
				}
				text := cli.read(file)
				for _, refused := range []struct {
					block   *regexp.Regexp
					lacks   bool
					what    string
					wantErr string
				}{
					{roleBlock, !info.HasRoles(), "roles", "This server has no roles"},
					{shareBlock, !info.IsOpenList() && !info.HasRoles(), "share links", "Share links are not available on this server"},
				} {
					if !refused.lacks || !refused.block.MatchString(text) {
						continue
					}
					_ = os.Remove(filepath.Join(cli.dir, "generated.tf")) // a refused run's, if any
					if out, code := cli.run(args...); code == 0 || !strings.Contains(out, refused.wantErr) {
						t.Fatalf("%s has no %s: the query should fail with its error; got exit %d:\n%s", info, refused.what, code, out)
					}
					if text = refused.block.ReplaceAllString(text, ""); !strings.Contains(text, `list "`) {
						return
					}
					cli.write(file, text)
				}
				_ = os.Remove(filepath.Join(cli.dir, "generated.tf")) // the refused run's, if any
				out := cli.mustRun(args...)
				if d != "query" {
					return
				}
				// What the test server always has, and nothing that is refused.
				gen := cli.read("generated.tf")
				for _, want := range []string{`resource "alist_setting"`, `key\s+= "site_title"`, `identity = \{`} {
					if !regexp.MustCompile(want).MatchString(gen) {
						t.Fatalf("the generated configuration lacks %s:\n%s\n%s", want, out, gen)
					}
				}
				for _, never := range []string{`key\s+= "(token|version)"`, `username\s+= "admin"`} {
					if regexp.MustCompile(never).MatchString(gen) {
						t.Fatalf("the generated configuration holds %s, which the list leaves out:\n%s", never, gen)
					}
				}
				if !strings.Contains(gen, "import {") {
					t.Fatalf("no import block generated:\n%s", gen)
				}
			})
		}
	})
}
