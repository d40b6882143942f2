package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// hiddenVariants runs test on a storage that hides dot files (a Local
// storage made through the API with only root_folder_path, as the test
// server's /local and a real server's are) and, on the local test server,
// on one that shows them (show_hidden on, as the web UI makes it). An
// external server is tested as it is.
func hiddenVariants(t *testing.T, test func(t *testing.T, f alisttest.Flavor, show bool)) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		for _, show := range []bool{false, true} {
			if show && externalServer {
				continue
			}
			t.Run(map[bool]string{false: "hidden", true: "shown"}[show], func(t *testing.T) { test(t, f, show) })
		}
	})
}

// The local server's listing of dir shows the dot files exactly when the
// storage shows them: proof that the test ran on the storage it meant.
func (e *testEnv) checkListingShowsDotFiles(dir string, show bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.server == nil {
			return nil // an external server's storage is what it is
		}
		items, err := e.client.List(t0(), dir, alist.ListOptions{})
		if err != nil {
			return err
		}
		shown := slices.ContainsFunc(items, func(o alist.Object) bool { return o.Name == ".env" })
		if shown != show {
			return fmt.Errorf("the listing of %s shows .env: %v, want %v", dir, shown, show)
		}
		return nil
	}
}

// A sync with dot files, on a storage whose listings leave them out:
// the read-back and every refresh find them by path, so the plan after
// an apply is empty; a dot file changed or deleted on the server is sent
// again; one removed from the source is deleted by name; destroy leaves
// none behind (checked by path, which the listing cannot do). The same
// holds where the storage lists them.
func TestAccDirectorySync_dotFiles(t *testing.T) {
	hiddenVariants(t, func(t *testing.T, f alisttest.Flavor, show bool) {
		e := newEnv(t, alisttest.Options{Flavor: f, ShowHidden: show})
		src := t.TempDir()
		files := map[string]string{
			// Four or more files in a folder: the read-back lists it.
			"index.html": "<p>\n", "a.txt": "a", "b.txt": "bb", ".env": "A=1\n",
			".well-known/security": "contact: a@b\n", ".well-known/a.txt": "1", ".well-known/b.txt": "2", ".well-known/.c": "3",
			".config/app/settings.json": "{}", "docs/.keep": "",
		}
		writeTree(t, src, files)
		remote := e.path("site")
		theirs := remote + "/theirs.txt" // the folder exists before: destroy keeps it, so leftovers would show
		cfg := syncConfig(e, src, remote, "")
		removed := map[string]bool{".env": true, ".well-known/.c": true} // from the source in the last step
		after := map[string]string{}
		for rel, c := range files {
			if !removed[rel] {
				after[rel] = c
			}
		}
		hiddenPaths := []string{".env", ".well-known/security", ".well-known/a.txt", ".well-known/.c", ".config/app/settings.json", "docs/.keep"}
		gone := func(rels ...string) resource.TestCheckFunc {
			var paths []string
			for _, rel := range rels {
				paths = append(paths, remote+"/"+rel)
			}
			return e.checkGone(paths...)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy: resource.ComposeTestCheckFunc(
				e.checkRemote(theirs, []byte("not mine")),
				gone(append(hiddenPaths, ".well-known", ".config", "index.html")...),
			),
			Steps: []resource.TestStep{
				{
					PreConfig:         func() { e.put(theirs, []byte("not mine")) },
					Config:            cfg,
					ConfigStateChecks: []statecheck.StateCheck{expectPublished(files)},
					Check: resource.ComposeTestCheckFunc(
						e.checkRemoteTree(remote, withFile(files, "theirs.txt", "not mine")),
						e.checkListingShowsDotFiles(remote, show),
					),
					ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
				e.syncDriftStep(cfg, remote, withFile(files, "theirs.txt", "not mine"), ".env", "B=2\n", ".well-known/security"),
				{
					PreConfig: func() {
						for rel := range removed {
							if err := os.Remove(filepath.Join(src, filepath.FromSlash(rel))); err != nil {
								t.Fatal(err)
							}
						}
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(syncAddr, plancheck.ResourceActionUpdate)},
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					ConfigStateChecks: []statecheck.StateCheck{expectPublished(after)},
					Check:             resource.ComposeTestCheckFunc(gone(".env", ".well-known/.c"), e.checkRemoteTree(remote, withFile(after, "theirs.txt", "not mine"))),
				},
			},
		})
	})
}

func withFile(files map[string]string, rel, content string) map[string]string {
	out := map[string]string{rel: content}
	for k, v := range files {
		out[k] = v
	}
	return out
}

// alist_file reads its file by path (fs/get), which the servers answer for
// a name the listing hides: a dot file converges, shows drift and is
// deleted on destroy like any other.
func TestAccFile_dotName(t *testing.T) {
	hiddenVariants(t, func(t *testing.T, f alisttest.Flavor, show bool) {
		e := newEnv(t, alisttest.Options{Flavor: f, ShowHidden: show})
		p := e.path(".hidden/.env")
		want := []byte("SECRET=1\n")
		cfg := fileConfig(e, "d", p, fmt.Sprintf("content = %q", string(want)))
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkGone(p),
			Steps: []resource.TestStep{
				{
					Config:           cfg,
					Check:            e.checkRemote(p, want),
					ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
				{
					PreConfig: func() { e.changeBehindBack(p, []byte("SECRET=2\n")) },
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("alist_file.d", plancheck.ResourceActionUpdate)},
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					Check: e.checkRemote(p, want),
				},
			},
		})
	})
}

// The warning's source: an admin reads whether the storage holding a path
// hides dot files from the storage's addition; the storage mounted
// deepest decides.
func TestStorageHidesDotFiles(t *testing.T) {
	for _, show := range []bool{false, true} {
		s := alisttest.NewServer(t, alisttest.Options{ShowHidden: show, Storages: []string{"/local", "/local/deeper"}, CachingStorages: []string{"/cached"}})
		sess, err := alist.NewSession(alist.Config{URL: s.URL, Username: alisttest.DefaultAdminUsername, Password: alisttest.DefaultAdminPassword})
		if err != nil {
			t.Fatal(err)
		}
		d := &providerData{session: sess}
		ctx := context.Background()
		for p, want := range map[string]string{"/local/site": "/local", "/local/deeper/x": "/local/deeper", "/local": "/local"} {
			mount, hides := d.storageHidesDotFiles(ctx, p)
			if hides == show || hides && mount != want {
				t.Errorf("show_hidden %v: %s is on %q, hides %v", show, p, mount, hides)
			}
		}
		var diags diag.Diagnostics
		d.warnHiddenFiles(ctx, "/local/site", []string{".well-known/security", ".env"}, &diags)
		if got := diags.Warnings(); show && len(got) != 0 ||
			!show && (len(got) != 1 || !strings.Contains(got[0].Detail(), `mounted at "/local" is a Local storage with show_hidden off`) ||
				!strings.Contains(got[0].Detail(), ".env, .well-known/security.")) {
			t.Errorf("show_hidden %v: warnings %v", show, got)
		}
		for _, p := range []string{"/cached/site", "/elsewhere"} {
			if _, hides := d.storageHidesDotFiles(ctx, p); hides {
				t.Errorf("%s: not a Local storage, yet hides", p)
			}
		}
	}
	// An account that is not an admin cannot tell: no warning.
	s := alisttest.NewServer(t, alisttest.Options{Users: []alisttest.User{{Username: "deploy", Password: "deploy-pass-123", Permission: alisttest.PermWrite}}})
	sess, err := alist.NewSession(alist.Config{URL: s.URL, Username: "deploy", Password: "deploy-pass-123"})
	if err != nil {
		t.Fatal(err)
	}
	if _, hides := (&providerData{session: sess}).storageHidesDotFiles(context.Background(), "/local/site"); hides {
		t.Error("a non-admin account claims to know")
	}
}
