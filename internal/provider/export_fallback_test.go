package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// fallbackExample is the export guide's configuration for Terraform 1.7 to
// 1.13 and OpenTofu: the test applies that very file, its filters set to
// the test's own objects, so the guide cannot drift from what is tested.
var fallbackExample = filepath.Join(examplesDir, "guides", "export-fallback", "import.tf")

// A hand-made layout (a CJK mount path, one starting with a digit, a
// disabled storage, a WebDav mount whose password the export leaves out,
// metas with a password and hide patterns, an account with a base path and
// permissions, a v3.62 role, a changed setting) is taken over by the
// guide's import blocks with for_each over the data sources: every object
// is imported and none changes, in the plan and on the server, and the
// next plan is empty; destroy then removes what the test made. Run with
// the CLI: terraform-plugin-testing cannot hold resources keyed by strings
// in its state (for_each), which is the point here.
func TestAccExportFallback(t *testing.T) {
	text, err := os.ReadFile(fallbackExample)
	if err != nil {
		t.Fatal(err)
	}
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		h := newHandMade(e)
		want := map[string]int{"alist_storage": len(h.mounts), "alist_meta": len(h.metas), "alist_user": 1, "alist_setting": 1}
		vars := map[string]any{"mount_path_prefix": h.mountPrefix, "path_prefix": h.metaPrefix, "username_prefix": h.user, "setting_keys": []string{h.setting}}
		if h.role != "" {
			vars["role_name_prefix"] = h.role
			want["alist_role"] = 1
		}
		varsJSON, _ := json.Marshal(vars)
		before := h.rows(e)

		cli := newCLI(t)
		cli.useAccount(e)
		cli.write("terraform_for_test.tf", requireAList)
		cli.write("import.tf", string(text))
		cli.write("terraform.tfvars.json", string(varsJSON))
		t.Cleanup(func() {
			if t.Failed() {
				cli.run("destroy", "-auto-approve")
			}
		})
		total := 0
		for _, n := range want {
			total += n
		}
		out := cli.mustRun("apply", "-auto-approve")
		if summary := fmt.Sprintf("Resources: %d imported, 0 added, 0 changed, 0 destroyed.", total); !strings.Contains(out, summary) {
			t.Fatalf("want %q:\n%s", summary, out)
		}
		if after := h.rows(e); after != before {
			t.Fatalf("the import changed the server:\nbefore:\n%s\nafter:\n%s", before, after)
		}
		// Each object at the address its key names (a CJK mount path, one
		// starting with a digit, folders, the username, the role, the key).
		var st struct {
			Resources []struct {
				Mode, Type, Name string
				Instances        []struct {
					IndexKey any `json:"index_key"`
				}
			}
		}
		if err := json.Unmarshal([]byte(cli.read("terraform.tfstate")), &st); err != nil {
			t.Fatal(err)
		}
		got := map[string][]any{}
		for _, r := range st.Resources {
			if r.Mode == "managed" {
				for _, in := range r.Instances {
					got[r.Type] = append(got[r.Type], in.IndexKey)
				}
			}
		}
		keys := map[string][]string{"alist_storage": h.mounts, "alist_meta": h.metas, "alist_user": {h.user}, "alist_setting": {h.setting}}
		if h.role != "" {
			keys["alist_role"] = []string{h.role}
		}
		for typ, ks := range keys {
			for _, k := range ks {
				if !slices.Contains(got[typ], any(k)) {
					t.Fatalf("no %s[%q] in the state: %v", typ, k, got)
				}
			}
			if len(got[typ]) != len(ks) {
				t.Fatalf("%s: %v in the state, want %v", typ, got[typ], ks)
			}
		}
		cli.expectNoChanges()

		cli.mustRun("destroy", "-auto-approve")
		for _, m := range h.mounts {
			if err := e.checkNoStorage(m)(nil); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.client.UserByName(t0(), h.user); !isNotFound(err) {
			t.Fatalf("the account is left after destroy: %v", err)
		}
	})
}
