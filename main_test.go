package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every example directory validates against the provider built from this
// tree, through a dev override (offline, nothing installed).
func TestAccExamplesValidate(t *testing.T) {
	tf := acceptanceTerraform(t)
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-alist"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cli := filepath.Join(t.TempDir(), "terraformrc")
	rc := "provider_installation {\n  dev_overrides {\n    \"alist-terraform/alist\" = \"" + bin + "\"\n  }\n  direct {}\n}\n"
	if err := os.WriteFile(cli, []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	var dirs []string
	filepath.WalkDir("examples", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".tf") && (len(dirs) == 0 || dirs[len(dirs)-1] != filepath.Dir(p)) {
			dirs = append(dirs, filepath.Dir(p))
		}
		return err
	})
	if len(dirs) < 8 {
		t.Fatalf("found only %d example directories: %v", len(dirs), dirs)
	}
	t.Run("README.md", func(t *testing.T) {
		// The README's first example, with the variables it uses declared.
		readme, err := os.ReadFile("README.md")
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile("(?s)```hcl\n(.*?)```").FindSubmatch(readme)
		if m == nil {
			t.Fatal("README.md has no ```hcl block")
		}
		dir := t.TempDir()
		src := string(m[1])
		seen := map[string]bool{}
		for _, v := range regexp.MustCompile(`var\.(\w+)`).FindAllStringSubmatch(src, -1) {
			if !seen[v[1]] {
				seen[v[1]] = true
				src += "\nvariable \"" + v[1] + "\" {\n  type      = string\n  sensitive = true\n}\n"
			}
		}
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		validateExample(t, tf, cli, dir, "")
	})
	for _, dir := range dirs {
		t.Run(dir, func(t *testing.T) {
			// Import blocks by identity need Terraform >= 1.12: the other
			// files are validated with tf (which may be older), the import
			// by identity with the Terraform of the identity and query tests.
			validateExample(t, tf, cli, dir, identityImport)
			if _, err := os.Stat(filepath.Join(dir, identityImport)); err == nil {
				tfq := os.Getenv("TF_ACC_TERRAFORM_QUERY_PATH")
				if tfq == "" {
					t.Fatalf("%s needs Terraform >= 1.12: set TF_ACC_TERRAFORM_QUERY_PATH (make test does, from scripts/ensure-terraform-query.sh)", identityImport)
				}
				// A resource takes one import block: this time the one by identity.
				validateExample(t, tfq, cli, dir, "import-by-string-id.tf")
			}
		})
	}
}

// identityImport is the example file of an import block by identity.
const identityImport = "import-by-identity.tf"

// validateExample runs terraform validate on a copy of dir without the file
// named skip.
func validateExample(t *testing.T, tf, cli, dir, skip string) {
	t.Helper()
	work := t.TempDir()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.IsDir() && e.Name() != skip {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(work, e.Name()), data, 0o644)
		}
	}
	// Registry examples leave out the required_providers block; without
	// it Terraform would look for hashicorp/alist.
	if !strings.Contains(concatTF(t, work), "required_providers") {
		os.WriteFile(filepath.Join(work, "zz_providers.tf"), []byte("terraform {\n  required_providers {\n    alist = { source = \"alist-terraform/alist\" }\n  }\n}\n"), 0o644)
	}
	cmd := exec.Command(tf, "validate", "-no-color")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cli, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "The configuration is valid") {
		t.Errorf("%s validate %s: %v\n%s", tf, dir, err, out)
	}
}

func concatTF(t *testing.T, dir string) string {
	var b strings.Builder
	matches, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	for _, m := range matches {
		data, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}
