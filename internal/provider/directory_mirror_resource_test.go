package provider

import (
	"context"
	"fmt"
	"maps"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

const mirrorAddr = "alist_directory_mirror.m"

// mirrorEnv is a test server with two Local storages, /local and /local2,
// and the source and destination folders of a mirror: on two storages when
// cross, else both on the first. Against an external server the second
// storage is the folder ALIST_TEST_ROOT2 names; without it a cross-storage
// test mirrors within ALIST_TEST_ROOT.
func mirrorEnv(t *testing.T, opts alisttest.Options, cross bool) (e *testEnv, src, dst string) {
	opts.Storages = []string{"/local", "/local2"}
	e = newEnv(t, opts)
	src, dst = e.path("src"), e.path("dst")
	if !cross {
		return e, src, dst
	}
	if e.server != nil {
		return e, src, strings.Replace(e.root, "/local/", "/local2/", 1) + "/dst"
	}
	root2 := os.Getenv("ALIST_TEST_ROOT2")
	if root2 == "" {
		t.Log("ALIST_TEST_ROOT2 is not set: the cross-storage mirror runs within ALIST_TEST_ROOT's storage")
		return e, src, dst
	}
	dst = strings.TrimRight(root2, "/") + "/" + e.root[strings.LastIndex(e.root, "/")+1:] + "/dst"
	t.Cleanup(func() { _ = e.client.RemovePath(t0(), strings.TrimSuffix(dst, "/dst")) })
	return e, src, dst
}

func mirrorConfig(e *testEnv, src, dst, extra string) string {
	return e.providerConfig() + fmt.Sprintf("resource \"alist_directory_mirror\" \"m\" {\n  source_path = %q\n  path = %q\n  %s\n}\n", src, dst, extra)
}

// seedUnder stores files (relative path → content) below root.
func (e *testEnv) seedUnder(root string, files map[string]string) {
	e.t.Helper()
	m := make(map[string][]byte, len(files))
	for rel, c := range files {
		m[root+"/"+rel] = []byte(c)
	}
	e.seed(m)
}

// planLists checks that the next plan updates the mirror and that its
// `changes` name exactly rels.
func planLists(rels ...string) plancheck.PlanCheck {
	return planCheckFunc(func(req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
		for _, rc := range req.Plan.ResourceChanges {
			if rc.Address != mirrorAddr {
				continue
			}
			after, _ := rc.Change.After.(map[string]any)
			changes, _ := after["changes"].(map[string]any)
			var listed []string
			for rel := range changes {
				listed = append(listed, rel)
			}
			if fmt.Sprint(sortedStrings(listed)) != fmt.Sprint(sortedStrings(rels)) {
				resp.Error = fmt.Errorf("the plan changes files %v, want %v", sortedStrings(listed), sortedStrings(rels))
			}
			return
		}
		resp.Error = fmt.Errorf("no change planned for %s", mirrorAddr)
	})
}

type planCheckFunc func(plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse)

func (f planCheckFunc) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	f(req, resp)
}

func sortedStrings(s []string) []string {
	s = append([]string(nil), s...)
	sort.Strings(s)
	return s
}

// The whole life of a mirror, within one storage and between two: the
// first copy (an empty folder made too), a source edit, a file deleted at
// the destination behind the mirror's back, a file removed at the source,
// files of others left alone and then deleted with delete_unmanaged, and a
// destroy that deletes what it copied only.
func TestAccDirectoryMirror_lifecycle(t *testing.T) {
	for _, cross := range []bool{false, true} {
		name := map[bool]string{false: "same-storage", true: "cross-storage"}[cross]
		t.Run(name, func(t *testing.T) {
			forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
				e, src, dst := mirrorEnv(t, alisttest.Options{Flavor: f}, cross)
				start := map[string]string{"a.txt": "alpha", "sub/b.txt": "bravo", "sub/deep/c.txt": "charlie", "skip.tmp": "no"}
				e.seedUnder(src, start)
				mkdir(t, e, src+"/empty")
				mkdir(t, e, dst)
				e.seedUnder(dst, map[string]string{"theirs.txt": "not mine"})
				cfg := mirrorConfig(e, src, dst, `exclude = ["**/*.tmp"]`)
				want := map[string]string{"a.txt": "alpha", "sub/b.txt": "bravo", "sub/deep/c.txt": "charlie", "theirs.txt": "not mine"}
				edited := map[string]string{"a.txt": "alpha", "sub/b.txt": "bravo, edited", "sub/deep/c.txt": "charlie", "theirs.txt": "not mine"}
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: e.factories(),
					CheckDestroy: resource.ComposeTestCheckFunc(
						e.checkRemoteTree(dst, map[string]string{"theirs.txt": "not mine"}),
						e.checkRemoteTree(src, start)),
					Steps: []resource.TestStep{
						{Config: cfg, Check: resource.ComposeTestCheckFunc(
							e.checkRemoteTree(dst, want), e.checkDir(dst+"/empty"),
							resource.TestCheckResourceAttr(mirrorAddr, "changes.%", "3"),
							resource.TestCheckResourceAttrSet(mirrorAddr, "digest"),
							resource.TestCheckResourceAttr(mirrorAddr, "id", dst))},
						{Config: cfg, PlanOnly: true}, // nothing to copy
						{
							PreConfig: func() {
								e.changeBehindBack(src+"/sub/b.txt", []byte("bravo, edited"))
								if e.server != nil {
									e.server.ResetCounts()
								}
							},
							Config:           cfg,
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planLists("sub/b.txt")}},
							Check: resource.ComposeTestCheckFunc(
								e.checkRemoteTree(dst, edited),
								e.countIs("/api/fs/copy", 1)),
						},
						{
							PreConfig:        func() { e.deleteBehindBack(dst + "/a.txt") },
							Config:           cfg,
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planLists("a.txt")}},
							Check:            e.checkRemoteTree(dst, edited),
						},
						{
							PreConfig: func() {
								e.deleteBehindBack(src + "/sub/deep/c.txt")
								delete(start, "sub/deep/c.txt")
								start["sub/b.txt"] = "bravo, edited"
							},
							Config:           cfg,
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planLists("sub/deep/c.txt")}},
							Check:            e.checkRemoteTree(dst, map[string]string{"a.txt": "alpha", "sub/b.txt": "bravo, edited", "theirs.txt": "not mine"}),
						},
						{
							// Turned on: the files of others go at once (the plan shows the switch).
							Config: mirrorConfig(e, src, dst, `exclude = ["**/*.tmp"]`+"\n  delete_unmanaged = true"),
							Check:  e.checkRemoteTree(dst, map[string]string{"a.txt": "alpha", "sub/b.txt": "bravo, edited"}),
						},
						{
							// While on, each file of others is a line of the plan.
							PreConfig:        func() { e.seedUnder(dst, map[string]string{"sub/stray.txt": "stray"}) },
							Config:           mirrorConfig(e, src, dst, `exclude = ["**/*.tmp"]`+"\n  delete_unmanaged = true"),
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planLists("sub/stray.txt")}},
							Check:            e.checkRemoteTree(dst, map[string]string{"a.txt": "alpha", "sub/b.txt": "bravo, edited"}),
						},
						{
							// Put theirs.txt back for CheckDestroy: destroy must leave it.
							PreConfig:        func() { e.seedUnder(dst, map[string]string{"theirs.txt": "not mine"}) },
							Config:           cfg,
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(mirrorAddr, plancheck.ResourceActionUpdate)}},
						},
					},
				})
			})
		})
	}
}

// countIs checks the number of requests to route since the last reset
// (local test server only; nothing to check against a real one).
func (e *testEnv) countIs(route string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.server == nil {
			return nil
		}
		if got := e.server.Count(route); got != want {
			return fmt.Errorf("%s was called %d times, want %d", route, got, want)
		}
		return nil
	}
}

// keep_on_destroy leaves the copies; import by the destination path.
func TestAccDirectoryMirror_keepOnDestroyAndImport(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e, src, dst := mirrorEnv(t, alisttest.Options{Flavor: f}, true)
		files := map[string]string{"a.txt": "alpha", "sub/b.txt": "bravo"}
		e.seedUnder(src, files)
		cfg := mirrorConfig(e, src, dst, "keep_on_destroy = true")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkRemoteTree(dst, files),
			Steps: []resource.TestStep{
				{Config: cfg, Check: e.checkRemoteTree(dst, files)},
				{ResourceName: mirrorAddr, ImportState: true, ImportStateId: dst, ImportStateVerify: true,
					// What the configuration said and what the resource copied: unknowable on import.
					ImportStateVerifyIgnore: []string{"source_path", "changes", "digest", "keep_on_destroy"}},
			},
		})
	})
}

// A copy task that fails leaves in the state what was copied; the next
// apply copies only the rest. A copy cut short (the server stalled, then
// restarted and forgot its tasks) is planned again.
func TestAccDirectoryMirror_partialFailure(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e, src, dst := mirrorEnv(t, alisttest.Options{Flavor: f}, true)
		e.needsLocal(whyFaults)
		e.seedUnder(src, map[string]string{"a.txt": "alpha"})
		cfg := mirrorConfig(e, src, dst, "timeouts {\n    update = \"3s\"\n  }")
		var release func()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{Config: cfg, Check: e.checkRemoteTree(dst, map[string]string{"a.txt": "alpha"})},
				{
					PreConfig: func() {
						e.seedUnder(src, map[string]string{"b.txt": "bravo", "c.txt": "charlie"})
						e.server.FailCopy(src+"/c.txt", "failed to put the file: the disk is full", 3)
					},
					Config:      cfg,
					ExpectError: re(`(?s)1 of 2 files were not copied.*c\.txt: .*the disk is full`),
				},
				{
					PreConfig: func() {
						if err := e.checkRemoteTree(dst, map[string]string{"a.txt": "alpha", "b.txt": "bravo"})(nil); err != nil {
							t.Fatal(err)
						}
						// Copying a or b again would now fail: the plan must not.
						e.server.FailCopy(src+"/a.txt", "copied a.txt again", 0)
						e.server.FailCopy(src+"/b.txt", "copied b.txt again", 0)
					},
					Config:           cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planLists("c.txt")}},
					Check:            e.checkRemoteTree(dst, map[string]string{"a.txt": "alpha", "b.txt": "bravo", "c.txt": "charlie"}),
				},
				{
					PreConfig: func() {
						e.seedUnder(src, map[string]string{"d.txt": "delta"})
						release = e.server.StallCopy(src + "/d.txt")
					},
					Config:      cfg,
					ExpectError: re(`(?s)d\.txt: .*deadline`),
				},
				{
					PreConfig: func() {
						e.server.ForgetCopyTasks() // a restart of v3.62 or OpenList; v3.38's runs on
						release()
						e.server.WaitCopyTasks()
						e.server.FailCopy(src+"/c.txt", "copied c.txt again", 0)
					},
					Config: cfg,
					Check:  e.checkRemoteTree(dst, map[string]string{"a.txt": "alpha", "b.txt": "bravo", "c.txt": "charlie", "d.txt": "delta"}),
				},
			},
		})
	})
}

// Bad input is refused at plan, naming the attribute. A source folder or
// destination storage that is not there yet only warns at plan (another
// resource of the configuration may make it) and fails the apply before
// anything is copied, leaving no resource in the state.
func TestAccDirectoryMirror_refused(t *testing.T) {
	e, src, dst := mirrorEnv(t, alisttest.Options{Users: []alisttest.User{
		{Username: "nocopy", Password: "nocopy-pass", Permission: alisttest.PermWrite | alisttest.PermRemove},
	}}, false)
	e.seedUnder(src, map[string]string{"a.txt": "alpha"})
	e.seedUnder(e.root, map[string]string{"file.txt": "x"})
	cases := []struct {
		name, cfg, want, local string
		atApply                bool
	}{
		{"same folder", mirrorConfig(e, src, src, ""), `(?s)The destination is the source.*path = .*are both`, "", false},
		{"destination inside", mirrorConfig(e, src, src+"/backup", ""), `(?s)The destination is inside the source.*lies below .source_path`, "", false},
		{"source inside", mirrorConfig(e, src+"/x", src, ""), `(?s)The source is inside the destination.*source_path = `, "", false},
		{"source is a file", mirrorConfig(e, e.path("file.txt"), dst, ""), `(?s)The source is a file.*must be a folder`, "", false},
		{"destination is a file", mirrorConfig(e, src, e.path("file.txt"), ""), `(?s)The destination is a file.*must be a folder`, "", false},
		{"no copy permission", func() string {
			u := e.withCredentials("nocopy", "nocopy-pass")
			return mirrorConfig(u, src, dst, "")
		}(), `(?s)lacks the "copy" permission`, whySecondUser, false},
		{"source missing", mirrorConfig(e, e.path("nothing"), dst, ""), `(?s)The source folder does not exist.*source_path = .*The server has no folder`, "", true},
		{"no storage", mirrorConfig(e, src, "/nowhere-mounted/dst", ""), `(?s)No storage at the destination.*mount one, enable it`, "", true},
		{"disabled storage", mirrorConfig(e, src, "/local2/dst", ""), `(?s)No storage at the destination.*mount one, enable it`, whyFaults, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.local != "" {
				(&testEnv{t: t, server: e.server}).needsLocal(c.local)
			}
			if c.name == "disabled storage" {
				disableStorage(t, e, "/local2")
			}
			steps := []resource.TestStep{{Config: c.cfg, PlanOnly: !c.atApply, ExpectError: re(c.want)}}
			if c.atApply {
				// Nothing was made at the destination, and no resource is
				// left in the state: an empty configuration plans nothing
				// (a tainted mirror would be planned for destruction).
				steps = append(steps, resource.TestStep{
					PreConfig: func() {
						if _, err := e.client.Get(t0(), dst, ""); err == nil {
							t.Fatalf("the failed create made %s", dst)
						}
					},
					Config:   e.providerConfig(),
					PlanOnly: true,
				})
			}
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: e.factories(), Steps: steps})
		})
	}
}

// A mirror whose source folder another resource of the configuration
// makes plans its files as known after apply, and copies them.
func TestAccDirectoryMirror_sourceMadeByConfiguration(t *testing.T) {
	e, src, dst := mirrorEnv(t, alisttest.Options{}, true)
	cfg := e.providerConfig() + fmt.Sprintf(`
resource "alist_file" "a" {
  path    = "%[1]s/sub/a.txt"
  content = "alpha"
}

resource "alist_directory_mirror" "m" {
  source_path = trimsuffix(alist_file.a.path, "/sub/a.txt")
  path        = %[2]q
}
`, src, dst)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkRemoteTree(dst, nil),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(mirrorAddr, tfjsonpath.New("changes")), plancheck.ExpectUnknownValue(mirrorAddr, tfjsonpath.New("digest"))}},
				Check: resource.ComposeTestCheckFunc(e.checkRemoteTree(dst, map[string]string{"sub/a.txt": "alpha"}),
					resource.TestCheckResourceAttr(mirrorAddr, "changes.%", "1")), // what the apply did, set by it
			},
			{Config: cfg, PlanOnly: true}, // the digest the apply set is the source's
			{
				// Once the mirror exists, a source that vanishes is refused
				// at plan: the mirror would otherwise delete its copies.
				PreConfig: func() {
					if err := e.client.RemovePath(t0(), src); err != nil {
						t.Fatal(err)
					}
				},
				Config:      mirrorConfig(e, src, dst, ""),
				PlanOnly:    true,
				ExpectError: re(`(?s)The source folder does not exist.*The server has no folder`),
			},
		},
	})
}

// A non-admin with the copy permission mirrors too, within one storage and
// between two: on AList v3.38 he cannot see copy tasks, and each copy made
// by a task is confirmed by listing (within one storage v3.38 and v3.62
// copy at once; OpenList makes tasks, which he sees).
func TestAccDirectoryMirror_nonAdmin(t *testing.T) {
	for _, cross := range []bool{false, true} {
		t.Run(map[bool]string{false: "same-storage", true: "cross-storage"}[cross], func(t *testing.T) {
			forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
				admin, src, dst := mirrorEnv(t, alisttest.Options{Flavor: f, Users: []alisttest.User{
					{Username: "backup", Password: "backup-pass", Permission: alisttest.PermWrite | alisttest.PermCopy | alisttest.PermRemove},
				}}, cross)
				admin.needsLocal(whySecondUser)
				e := admin.withCredentials("backup", "backup-pass")
				files := map[string]string{"a.txt": "alpha", "sub/b.txt": "bravo"}
				edited := map[string]string{"a.txt": "alpha, edited", "sub/b.txt": "bravo"}
				admin.seedUnder(src, files)
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: e.factories(),
					CheckDestroy:             resource.ComposeTestCheckFunc(admin.checkRemoteTree(dst, nil), admin.checkRemoteTree(src, edited)),
					Steps: []resource.TestStep{
						{Config: mirrorConfig(e, src, dst, ""), Check: admin.checkRemoteTree(dst, files)},
						{Config: mirrorConfig(e, src, dst, ""), PlanOnly: true},
						{
							PreConfig: func() {
								admin.changeBehindBack(src+"/a.txt", []byte("alpha, edited"))
								admin.server.ResetCounts()
							},
							Config:           mirrorConfig(e, src, dst, ""),
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planLists("a.txt")}},
							Check: resource.ComposeTestCheckFunc(
								admin.checkRemoteTree(dst, edited),
								admin.copiesAre(src, map[string]int{"a.txt": 1})),
						},
					},
				})
			})
		})
	}
}

// disableStorage disables the storage mounted at mount.
func disableStorage(t *testing.T, e *testEnv, mount string) {
	t.Helper()
	storages, err := e.client.Storages(t0())
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range storages {
		if st.MountPath == mount {
			if err := e.client.DisableStorage(t0(), st.ID); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no storage at %s", mount)
}

// More changes than maxChangesListed are counted by folder: the first
// apply of 1,001 files copies them all (checked against the planned
// digest), and the plans after it, without and with refresh, are empty.
// Then an edit at the source and a file deleted at the destination are
// the only lines of the next plan. A source edited between the plan and
// its apply is refused before anything is copied, and the next plan
// lists it with the edit planned.
func TestAccDirectoryMirror_manyChanges(t *testing.T) {
	e, src, dst := mirrorEnv(t, alisttest.Options{}, true)
	files := map[string]string{}
	for i := range maxChangesListed + 1 {
		files[fmt.Sprintf("%s/f%04d.txt", map[bool]string{true: "a", false: "b"}[i < 600], i)] = fmt.Sprintf("file %d\n", i)
	}
	e.seedUnder(src, files)
	cfg := mirrorConfig(e, src, dst, "")
	edited := maps.Clone(files)
	edited["a/f0001.txt"] = "edited 1, longer\n"
	empty := resource.ConfigPlanChecks{
		PostApplyPreRefresh:  []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkRemoteTree(dst, nil),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectKnownValue(mirrorAddr, tfjsonpath.New("changes"), knownvalue.MapExact(map[string]knownvalue.Check{
						"a/": knownvalue.StringExact("600 to copy, 0 to delete"), "b/": knownvalue.StringExact("401 to copy, 0 to delete")}))},
					PostApplyPreRefresh:  empty.PostApplyPreRefresh,
					PostApplyPostRefresh: empty.PostApplyPostRefresh,
				},
				Check: e.checkRemoteTree(dst, files),
			},
			{
				PreConfig: func() {
					e.changeBehindBack(src+"/a/f0001.txt", []byte(edited["a/f0001.txt"]))
					e.deleteBehindBack(dst + "/b/f0900.txt")
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{planLists("a/f0001.txt", "b/f0900.txt")},
					PostApplyPreRefresh:  empty.PostApplyPreRefresh,
					PostApplyPostRefresh: empty.PostApplyPostRefresh,
				},
				Check: e.checkRemoteTree(dst, edited),
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					planLists("b/f0002.txt"),
					planCheckFunc(func(plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
						// After the plan, before its apply.
						e.changeBehindBack(src+"/b/f0003.txt", []byte("edited 3, after the plan\n"))
					}),
				}},
				PreConfig: func() { e.changeBehindBack(src+"/b/f0002.txt", []byte("edited 2, longer\n")) },
				// Terraform plans again when it applies, and refuses the
				// new digest itself; the apply's own check covers the moment
				// between that plan and the apply.
				ExpectError: re(`(?s)inconsistent final plan.*\.digest`),
			},
			{
				PreConfig: func() {
					if err := e.checkRemoteTree(dst, edited)(nil); err != nil {
						t.Fatal("the refused apply changed the destination: ", err)
					}
					edited["b/f0002.txt"], edited["b/f0003.txt"] = "edited 2, longer\n", "edited 3, after the plan\n"
				},
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planLists("b/f0002.txt", "b/f0003.txt")}},
				Check:            e.checkRemoteTree(dst, edited),
			},
		},
	})
}
