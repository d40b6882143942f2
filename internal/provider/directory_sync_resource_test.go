package provider

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// writeTree writes files (relative path → content) below dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		writeLocal(t, p, []byte(content))
	}
}

func syncConfig(e *testEnv, src, remote, extra string) string {
	return e.providerConfig() + fmt.Sprintf("resource \"alist_directory_sync\" \"s\" {\n  source_dir = %q\n  path = %q\n  %s\n}\n", src, remote, extra)
}

const syncAddr = "alist_directory_sync.s"

// expectPublished checks `digest` against the files (relative path →
// content) it should stand for.
func expectPublished(want map[string]string) statecheck.StateCheck {
	hashes := map[string]string{}
	for rel, content := range want {
		hashes[rel] = sha256Hex([]byte(content))
	}
	return statecheck.ExpectKnownValue(syncAddr, tfjsonpath.New("digest"), knownvalue.StringExact(treeDigest(hashes)))
}

// expectChanges checks that the plan's `changes` are exactly these
// (relative path → content to send, or nil to delete).
func expectChanges(want map[string]*string) plancheck.PlanCheck {
	checks := map[string]knownvalue.Check{}
	for rel, content := range want {
		checks[rel] = knownvalue.StringExact(syncDelete)
		if content != nil {
			checks[rel] = knownvalue.StringExact(sha256Hex([]byte(*content)))
		}
	}
	return plancheck.ExpectKnownValue(syncAddr, tfjsonpath.New("changes"), knownvalue.MapExact(checks))
}

// checkRemoteTree checks that the server holds exactly want below root:
// each file with its content, and no other file. A storage that hides dot
// files lists none of want's dot files (dotPath): those are read by path.
// To check that no dot file is left, add checkGone.
func (e *testEnv) checkRemoteTree(root string, want map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		tree, err := e.client.Walk(t0(), root, alist.WalkOptions{Refresh: true})
		if len(want) == 0 && isNotFound(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("server: %s: %w", root, err)
		}
		var got []string
		listed := map[string]bool{}
		for _, f := range tree.Files {
			got = append(got, f.Rel)
			listed[f.Rel] = true
		}
		for rel := range want {
			if dotPath(rel) && !listed[rel] {
				got = append(got, rel) // read by path below
			}
		}
		sort.Strings(got)
		var names []string
		for rel := range want {
			names = append(names, rel)
		}
		sort.Strings(names)
		if strings.Join(got, "\n") != strings.Join(names, "\n") {
			return fmt.Errorf("server: %s holds\n%s\nwant\n%s", root, strings.Join(got, "\n"), strings.Join(names, "\n"))
		}
		for rel, content := range want {
			if err := e.checkRemote(root+"/"+rel, []byte(content))(s); err != nil {
				return err
			}
		}
		return nil
	}
}

var siteV1 = map[string]string{
	"index.html":           "<h1>home</h1>\n",
	"css/site.css":         "body{}\n",
	"docs/a b/50%off.md":   "# fifty\n",
	"docs/deep/er/x.txt":   "x\n",
	".well-known/security": "contact: a@b\n",
	"empty.txt":            "",
}

// The folder published whole on every flavour: excluded files stay home,
// an edit, an addition and a removal plan one line each and send only
// those, a second plan is empty, import works, destroy removes what it
// uploaded and the folders it made.
func TestAccDirectorySync_lifecycle(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		src, elsewhere := t.TempDir(), t.TempDir()
		writeTree(t, src, siteV1)
		writeTree(t, src, map[string]string{"drafts/wip.md": "not yet", "css/.DS_Store": "junk"})
		// Symlinks are followed: a file and a folder kept elsewhere.
		writeTree(t, elsewhere, map[string]string{"shared.txt": "shared\n", "assets/logo.svg": "<svg/>"})
		for link, target := range map[string]string{"shared.txt": "shared.txt", "assets": "assets"} {
			if err := os.Symlink(filepath.Join(elsewhere, target), filepath.Join(src, link)); err != nil {
				t.Fatal(err)
			}
		}
		v1 := map[string]string{"shared.txt": "shared\n", "assets/logo.svg": "<svg/>"}
		for k, v := range siteV1 {
			v1[k] = v
		}
		remote := e.path("site")
		cfg := syncConfig(e, src, remote, `exclude = ["**/.DS_Store", "drafts/**"]`)
		v2 := map[string]string{}
		for k, v := range v1 {
			v2[k] = v
		}
		v2["index.html"] = "<h1>home, edited</h1>\n"
		v2["new/page.html"] = "new\n"
		delete(v2, "css/site.css")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			// After the import the resource did not create the folders: it
			// removes its files and leaves them.
			CheckDestroy: resource.ComposeTestCheckFunc(e.checkRemoteTree(remote, nil), e.checkGone(remote+"/.well-known/security")),
			Steps: []resource.TestStep{
				{
					Config: cfg,
					ConfigStateChecks: []statecheck.StateCheck{
						expectPublished(v1), expectString(syncAddr, "id", remote),
						statecheck.ExpectKnownValue(syncAddr, tfjsonpath.New("file_count"), knownvalue.Int64Exact(int64(len(v1)))),
						statecheck.ExpectKnownValue(syncAddr, tfjsonpath.New("total_size"), knownvalue.Int64Exact(totalSize(v1))),
					},
					Check: e.checkRemoteTree(remote, v1),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply:             []plancheck.PlanCheck{expectChanges(contentsOf(v1))},
						PostApplyPreRefresh:  []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				},
				{
					PreConfig: func() {
						writeTree(t, src, map[string]string{"index.html": v2["index.html"], "new/page.html": v2["new/page.html"]})
						if err := os.Remove(filepath.Join(src, "css", "site.css")); err != nil {
							t.Fatal(err)
						}
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(syncAddr, plancheck.ResourceActionUpdate),
							expectChanges(map[string]*string{"index.html": ptr(v2["index.html"]), "new/page.html": ptr(v2["new/page.html"]), "css/site.css": nil}),
						},
						PostApplyPreRefresh:  []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					ConfigStateChecks: []statecheck.StateCheck{expectPublished(v2)},
					Check:             e.checkRemoteTree(remote, v2),
				},
				{
					// An import block plans the import, and then the upload
					// of what it cannot prove equal.
					Config:       cfg,
					ResourceName: syncAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: remote,
					ExpectNonEmptyPlan: true,
				},
				{
					// Forgotten, not destroyed, to be imported again.
					Config: e.providerConfig() + "removed {\n  from = alist_directory_sync.s\n  lifecycle {\n    destroy = false\n  }\n}\n",
					Check:  e.checkRemoteTree(remote, v2),
				},
				{
					// Imported by its path: the first apply after it leaves the
					// server holding the source (files it cannot prove equal
					// are sent again), and the plan after that is empty.
					Config:       cfg,
					ResourceName: syncAddr, ImportState: true, ImportStateId: remote, ImportStatePersist: true,
					ImportStateCheck: func(states []*terraform.InstanceState) error {
						if len(states) != 1 || states[0].Attributes["path"] != remote {
							return fmt.Errorf("imported %v", states)
						}
						return nil
					},
				},
				{
					Config:            cfg,
					ConfigStateChecks: []statecheck.StateCheck{expectPublished(v2)},
					Check:             e.checkRemoteTree(remote, v2),
					ConfigPlanChecks:  resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
			},
		})
	})
}

// contentsOf is files as expectChanges takes them: each to send.
func contentsOf(files map[string]string) map[string]*string {
	out := map[string]*string{}
	for rel, c := range files {
		out[rel] = ptr(c)
	}
	return out
}

func totalSize(files map[string]string) int64 {
	var n int64
	for _, c := range files {
		n += int64(len(c))
	}
	return n
}

// A file changed or deleted on the server shows as that file's entry
// changing, and only it is sent again.
func TestAccDirectorySync_drift(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		src := t.TempDir()
		writeTree(t, src, siteV1)
		remote := e.path("site")
		cfg := syncConfig(e, src, remote, "")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkGone(remote),
			Steps: []resource.TestStep{
				{Config: cfg, Check: e.checkRemoteTree(remote, siteV1)},
				e.syncDriftStep(cfg, remote, siteV1, "index.html", "<h1>HOME</h1>\n", "css/site.css"),
			},
		})
	})
}

// syncDriftStep changes one file (to as many bytes) and deletes another
// behind the resource's back: the plan updates it, planning the changed
// file back to its content in want, and the apply sends exactly those two.
func (e *testEnv) syncDriftStep(cfg, remote string, want map[string]string, changed, changedTo, deleted string) resource.TestStep {
	var puts int
	return resource.TestStep{
		PreConfig: func() {
			e.changeBehindBack(remote+"/"+changed, []byte(changedTo))
			e.deleteBehindBack(remote + "/" + deleted)
			if e.server != nil {
				puts = e.server.Count("/api/fs/put")
			}
		},
		Config: cfg,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(syncAddr, plancheck.ResourceActionUpdate),
				expectChanges(map[string]*string{changed: ptr(want[changed]), deleted: ptr(want[deleted])}),
			},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		Check: resource.ComposeTestCheckFunc(e.checkRemoteTree(remote, want), func(*terraform.State) error {
			if e.server != nil {
				if n := e.server.Count("/api/fs/put") - puts; n != 2 {
					return fmt.Errorf("%d uploads, want 2: the changed and the deleted file", n)
				}
			}
			return nil
		}),
	}
}

// Files of others below the folder: left alone by default (and the folder
// with them at destroy); removed, each listed in the plan, with
// delete_unmanaged.
func TestAccDirectorySync_unmanaged(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		src := t.TempDir()
		writeTree(t, src, map[string]string{"a.txt": "a", "sub/b.txt": "b"})
		remote := e.path("site")
		theirs := remote + "/sub/theirs.txt"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkGone(remote + "/a.txt"),
			Steps: []resource.TestStep{
				{
					PreConfig: func() { e.put(theirs, []byte("not mine")) },
					Config:    syncConfig(e, src, remote, ""),
					Check:     resource.ComposeTestCheckFunc(e.checkRemote(theirs, []byte("not mine")), e.checkRemote(remote+"/a.txt", []byte("a"))),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				},
				{
					// Destroyed: theirs stays, with its folder.
					Config: e.providerConfig(),
					Check:  resource.ComposeTestCheckFunc(e.checkRemote(theirs, []byte("not mine")), e.checkGone(remote+"/a.txt", remote+"/sub/b.txt")),
				},
				{
					Config: syncConfig(e, src, remote, "delete_unmanaged = true"),
					Check:  resource.ComposeTestCheckFunc(e.checkRemoteTree(remote, map[string]string{"a.txt": "a", "sub/b.txt": "b"}), e.checkGone(theirs)),
				},
				{
					PreConfig: func() { e.put(remote+"/stray.txt", []byte("stray")) },
					Config:    syncConfig(e, src, remote, "delete_unmanaged = true"),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(syncAddr, plancheck.ResourceActionUpdate)},
					},
					Check: e.checkGone(remote + "/stray.txt"),
				},
			},
		})
	})
}

// Mistakes are refused at plan, naming the file or pattern, and the server
// is left as it was.
func TestAccDirectorySync_badInput(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	remote := e.path("site")
	src := t.TempDir()
	writeTree(t, src, map[string]string{"ok.txt": "ok"})
	loop := t.TempDir()
	writeTree(t, loop, map[string]string{"a/x.txt": "x"})
	if err := os.Symlink("..", filepath.Join(loop, "a", "up")); err != nil {
		t.Fatal(err)
	}
	broken := t.TempDir()
	if err := os.Symlink(filepath.Join(broken, "nowhere"), filepath.Join(broken, "dangling.txt")); err != nil {
		t.Fatal(err)
	}
	fifo := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(fifo, "pipe"), 0o600); err != nil {
		t.Fatal(err)
	}
	backslash := t.TempDir()
	writeTree(t, backslash, map[string]string{`a\b.txt`: "x"})
	for _, tc := range []struct {
		name, src, extra, want string
	}{
		{"source missing", filepath.Join(src, "nope"), "", `source_dir.*does not exist`},
		{"source a file", filepath.Join(src, "ok.txt"), "", `is not a folder.*alist_file`},
		{"symlink loop", loop, "", `"a/up/a" in .source_dir. is a symlink loop|"a/up" in .source_dir. is a symlink loop`},
		{"dangling symlink", broken, "", `"dangling.txt" in .source_dir. is a symlink to nothing`},
		{"not a regular file", fifo, "", `"pipe" in .source_dir. is not a regular file.*exclude it`},
		{"backslash in a name", backslash, "", `backslash.*folder separator`},
		{"pattern with a leading slash", src, `exclude = ["/drafts/**"]`, `Invalid glob pattern.*relative to source_dir`},
		{"bad pattern", src, `include = ["[a-"]`, `Invalid glob pattern.*syntax error`},
		{"parallelism out of range", src, `parallelism = 0`, `parallelism.*between 1 and 64`},
		{"remote path relative", src, "", ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := syncConfig(e, tc.src, remote, tc.extra)
			if tc.want == "" {
				cfg = syncConfig(e, tc.src, "site", tc.extra)
				tc.want = `Invalid remote path.*is relative`
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps:                    []resource.TestStep{{Config: cfg, ExpectError: regexp.MustCompile(`(?s)` + strings.ReplaceAll(tc.want, " ", `\s+`))}},
				CheckDestroy:             e.checkGone(remote),
			})
		})
	}
}

// A plan after editing 10 of 300 files reads exactly those 10 and its apply
// sends exactly those 10; the run logs in once.
func TestAccDirectorySync_editReadsOnlyChanged(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	e.needsLocal(whyCounts)
	src := t.TempDir()
	files := map[string]string{}
	for i := range 300 {
		files[fmt.Sprintf("d%02d/f%03d.txt", i%10, i)] = fmt.Sprintf("file %d\n", i)
	}
	writeTree(t, src, files)
	remote := e.path("many")
	cfg := syncConfig(e, src, remote, "")
	logFile := filepath.Join(t.TempDir(), "debug.log")
	var puts int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(remote),
		Steps: []resource.TestStep{
			{Config: cfg, Check: e.checkRemoteTree(remote, files)},
			{
				PreConfig: func() {
					for i := range 10 {
						rel := fmt.Sprintf("d%02d/f%03d.txt", i%10, i*7)
						files[rel] = "edited " + files[rel]
						writeTree(t, src, map[string]string{rel: files[rel]})
					}
					puts = e.server.Count("/api/fs/put")
					e.resetSessions()
					t.Setenv("TF_LOG", "DEBUG")
					t.Setenv("TF_ACC_LOG_PATH", logFile)
				},
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(e.checkRemoteTree(remote, files), func(*terraform.State) error {
					if n := e.server.Count("/api/fs/put") - puts; n != 10 {
						return fmt.Errorf("%d uploads, want the 10 edited files", n)
					}
					log, err := os.ReadFile(logFile)
					if err != nil {
						return err
					}
					// Each plan of this step (the apply's own, and the
					// harness's plans after it) reads the files that
					// changed since the last one: the first reads 10.
					reads := regexp.MustCompile(`planned a folder sync.*files_read=(\d+)`).FindAllSubmatch(log, -1)
					if len(reads) == 0 || string(reads[0][1]) != "10" {
						return fmt.Errorf("the plans read %q files, want 10 first", reads)
					}
					if most, _ := e.maxLoginsPerSession(); most != 1 {
						return fmt.Errorf("a provider session logged in %d times", most)
					}
					return nil
				}),
			},
		},
	})
}

// A partial failure keeps the state true: what went up is recorded, what
// failed is not, and the next apply sends only that.
func TestAccDirectorySync_partialFailure(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	e.needsLocal(whyFaults)
	src := t.TempDir()
	files := map[string]string{}
	for i := range 20 {
		files[fmt.Sprintf("f%02d.txt", i)] = fmt.Sprintf("v1 %d", i)
	}
	writeTree(t, src, files)
	remote := e.path("part")
	cfg := syncConfig(e, src, remote, "parallelism = 1")
	noRetries := e.providerConfig("max_retries = 0") + strings.TrimPrefix(cfg, e.providerConfig())
	var puts int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(remote),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					for rel := range files {
						files[rel] = "v2 " + rel
					}
					writeTree(t, src, files)
					e.server.FailNextOn("/api/fs/put", 3, alisttest.FaultHTTP502)
				},
				Config:      noRetries,
				ExpectError: regexp.MustCompile(`Cannot upload a file`),
			},
			{
				PreConfig: func() { puts = e.server.Count("/api/fs/put") },
				Config:    cfg,
				Check: resource.ComposeTestCheckFunc(e.checkRemoteTree(remote, files), func(*terraform.State) error {
					if n := e.server.Count("/api/fs/put") - puts; n != 3 {
						return fmt.Errorf("%d uploads, want the 3 that failed", n)
					}
					return nil
				}),
			},
		},
	})
}

// On a storage that caches listings, the refresh re-reads the folders: a
// file changed behind the cache's back is seen and sent again, and the
// read-back after an upload is not fooled by the cache.
func TestAccDirectorySync_cachingStorage(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f, CachingStorages: []string{"/cached"}})
		src := t.TempDir()
		files := map[string]string{"a.txt": "a", "sub/b.txt": "bb", "sub/c.txt": "ccc", "sub/d.txt": "dddd", "sub/e.txt": "eeeee"}
		writeTree(t, src, files)
		remote := e.path("site")
		cfg := syncConfig(e, src, remote, "")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkGone(remote),
			Steps: []resource.TestStep{
				{
					Config:           cfg,
					Check:            e.checkRemoteTree(remote, files),
					ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
				{
					PreConfig: func() { e.changeBehindBack(remote+"/sub/c.txt", []byte("changed behind the cache")) },
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(syncAddr, plancheck.ResourceActionUpdate)},
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					Check: e.checkRemoteTree(remote, files),
				},
			},
		})
	})
}

// More changes than maxChangesListed are counted by folder: the first
// apply of 1,001 files publishes them all (checked against the planned
// digest), both empty plans follow, and an edit of two lists those two.
func TestAccDirectorySync_manyChanges(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	src := t.TempDir()
	files := map[string]string{}
	for i := range maxChangesListed + 1 {
		files[fmt.Sprintf("%s/f%04d.txt", map[bool]string{true: "a", false: "b"}[i < 600], i)] = fmt.Sprintf("file %d\n", i)
	}
	writeTree(t, src, files)
	remote := e.path("many")
	cfg := syncConfig(e, src, remote, "")
	edited := map[string]string{"a/f0001.txt": "edited 1\n", "b/f0900.txt": "edited 900\n"}
	after := maps.Clone(files)
	maps.Copy(after, edited)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(remote),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectKnownValue(syncAddr, tfjsonpath.New("changes"), knownvalue.MapExact(map[string]knownvalue.Check{
						"a/": knownvalue.StringExact("600 to send, 0 to delete"), "b/": knownvalue.StringExact("401 to send, 0 to delete")}))},
					PostApplyPreRefresh:  []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectPublished(files)},
				Check:             e.checkRemoteTree(remote, files),
			},
			{
				PreConfig: func() { writeTree(t, src, edited) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{expectChanges(contentsOf(edited))},
					PostApplyPreRefresh:  []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectPublished(after)},
				Check:             e.checkRemoteTree(remote, after),
			},
		},
	})
}
