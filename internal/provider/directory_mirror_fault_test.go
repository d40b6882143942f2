package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// Faults of the server while a mirror copies: in each, nothing is lost,
// the apply names what failed, the next plan lists exactly the files
// still to copy, and the next apply copies those only (as the test
// server counts the files it copies).

// whenCopyRuns holds the copy tasks of the source file src running and,
// once the server runs one (as an admin watching the web UI's task list
// sees it), calls fn in the background with its id and the function that
// lets the tasks go on.
func (e *testEnv) whenCopyRuns(src string, fn func(id string, release func())) {
	t := e.t
	release := e.server.StallCopy(src)
	go func() {
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			tasks, err := e.client.CopyTasks(t0(), false)
			if err != nil {
				continue // a restart, say
			}
			for _, tk := range tasks {
				if tk.State == alist.TaskRunning && tk.Src == src {
					fn(tk.ID, release)
					return
				}
			}
		}
		t.Errorf("the copy task of %s never ran", src)
	}()
}

// faultSteps are a mirror's first apply of a.txt, then an apply of b.txt
// and c.txt during which fault strikes while c.txt's task runs, and which
// fails with expectError.
func (e *testEnv) faultSteps(src, dst, cfg string, fault func(id string, release func()), expectError string) []resource.TestStep {
	e.seedUnder(src, map[string]string{"a.txt": "alpha"})
	return []resource.TestStep{
		{Config: cfg, Check: e.checkRemoteTree(dst, map[string]string{"a.txt": "alpha"})},
		{
			PreConfig: func() {
				e.seedUnder(src, map[string]string{"b.txt": "bravo", "c.txt": "charlie"})
				e.whenCopyRuns(src+"/c.txt", fault)
			},
			Config:      cfg,
			ExpectError: re(expectError),
		},
	}
}

// copiesAre checks what the server copied since its counts were reset:
// each source file of want (below root) as many times as it says, and no
// other file.
func (e *testEnv) copiesAre(root string, want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.server == nil {
			return nil // a real server counts nothing for us
		}
		total := 0
		for rel, n := range want {
			if got := e.server.Copies(root + "/" + rel); got != n {
				return fmt.Errorf("the server copied %s %d times, want %d", rel, got, n)
			}
			total += n
		}
		if got := e.server.CopiesTotal(); got != total {
			return fmt.Errorf("the server copied %d files, want %d (%v)", got, total, want)
		}
		return nil
	}
}

// setStorage disables or enables the storage mounted at mount; for use in
// the background (no t.Fatal).
func (e *testEnv) setStorage(mount string, enabled bool) error {
	st, err := e.client.StorageByMountPath(t0(), mount)
	if err != nil {
		return err
	}
	if enabled {
		return e.client.EnableStorage(t0(), st.ID)
	}
	return e.client.DisableStorage(t0(), st.ID)
}

// An admin cancels a copy task in the web UI during the first apply. The
// create fails naming the file, and Terraform taints the mirror; its
// replacement keeps the files copied (the destroy of a tainted mirror
// removes nothing: Terraform gives it no private state) and adopts them:
// only the canceled file is copied. The replacement's plan, made from
// nothing, lists every file.
func TestAccDirectoryMirror_canceledByAdmin(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e, src, dst := mirrorEnv(t, alisttest.Options{Flavor: f}, true)
		e.needsLocal(whyFaults)
		files := map[string]string{"a.txt": "alpha", "sub/b.txt": "bravo", "c.txt": "charlie"}
		e.seedUnder(src, files)
		cfg := mirrorConfig(e, src, dst, "")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             resource.ComposeTestCheckFunc(e.checkRemoteTree(dst, nil), e.checkRemoteTree(src, files)),
			Steps: []resource.TestStep{
				{
					PreConfig: func() {
						e.whenCopyRuns(src+"/c.txt", func(id string, release func()) {
							if err := e.client.CancelCopyTask(t0(), id); err != nil {
								t.Error(err)
							}
							release()
						})
					},
					Config:      cfg,
					ExpectError: re(`(?s)1 of 3 files were not copied.*c\.txt: .*canceled on the server`),
				},
				{
					PreConfig: func() {
						if err := e.checkRemoteTree(dst, map[string]string{"a.txt": "alpha", "sub/b.txt": "bravo"})(nil); err != nil {
							t.Fatal(err)
						}
						e.server.ResetCounts()
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(mirrorAddr, plancheck.ResourceActionReplace), planLists("a.txt", "c.txt", "sub/b.txt")}},
					Check: resource.ComposeTestCheckFunc(e.checkRemoteTree(dst, files), e.copiesAre(src, map[string]int{"c.txt": 1})),
				},
				{Config: cfg, PlanOnly: true},
			},
		})
	})
}

// The destination storage is disabled while its copy tasks run (trap 10):
// the tasks still write into its folder, but the apply cannot see what
// arrived. Plans are refused until the storage is back (the records are
// kept meanwhile); then the files that arrived are adopted: nothing is
// left to copy.
func TestAccDirectoryMirror_destinationDisabledMidApply(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e, src, dst := mirrorEnv(t, alisttest.Options{Flavor: f}, true)
		e.needsLocal(whyFaults)
		cfg := mirrorConfig(e, src, dst, "")
		all := map[string]string{"a.txt": "alpha", "b.txt": "bravo", "c.txt": "charlie"}
		disable := func(_ string, release func()) {
			if err := e.setStorage("/local2", false); err != nil {
				t.Error(err)
			}
			release()
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkRemoteTree(dst, nil),
			Steps: append(e.faultSteps(src, dst, cfg, disable,
				`(?s)Cannot list the destination folder after copying.*2 files were copied but could not be confirmed.*storage not found`),
				resource.TestStep{Config: cfg, PlanOnly: true, ExpectError: re(`(?s)No storage at the destination.*mount one, enable it`)},
				resource.TestStep{
					PreConfig: func() {
						if err := e.setStorage("/local2", true); err != nil {
							t.Fatal(err)
						}
						e.server.ResetCounts()
					},
					Config:           cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					Check:            resource.ComposeTestCheckFunc(e.checkRemoteTree(dst, all), e.copiesAre(src, nil)),
				}),
		})
	})
}

// The server restarts while a copy task runs, and the apply runs out of
// time waiting for it. AList v3.62 and OpenList forget their tasks: the
// file never arrives and the next apply copies it. AList v3.38 keeps its
// tasks and runs them again after the restart: the file arrives after
// the apply gave up, and the next plan adopts it (nothing to copy).
func TestAccDirectoryMirror_restartMidApply(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e, src, dst := mirrorEnv(t, alisttest.Options{Flavor: f}, true)
		e.needsLocal(whyFaults)
		cfg := mirrorConfig(e, src, dst, "timeouts {\n    update = \"4s\"\n  }")
		all := map[string]string{"a.txt": "alpha", "b.txt": "bravo", "c.txt": "charlie"}
		var release func()
		next := []plancheck.PlanCheck{planLists("c.txt")}
		copies := map[string]int{"c.txt": 1}
		if f == alisttest.AListV338 {
			next, copies = []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}, nil
		}
		restart := func(_ string, r func()) {
			release = r // after the apply
			e.server.Restart(200*time.Millisecond, 200*time.Millisecond)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkRemoteTree(dst, nil),
			Steps: append(e.faultSteps(src, dst, cfg, restart, `(?s)1 of 2 files were not copied.*c\.txt: .*deadline`),
				resource.TestStep{
					PreConfig: func() {
						// The server restarts again and its tasks go on: on
						// v3.38 the one kept writes c.txt.
						e.server.Restart(0, 0)
						release()
						e.server.WaitCopyTasks()
						want := map[string]string{"a.txt": "alpha", "b.txt": "bravo"}
						if f == alisttest.AListV338 {
							want = all
						}
						if err := e.checkRemoteTree(dst, want)(nil); err != nil {
							t.Fatal(err)
						}
						e.server.ResetCounts()
					},
					Config:           cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: next},
					Check:            resource.ComposeTestCheckFunc(e.checkRemoteTree(dst, all), e.copiesAre(src, copies)),
				},
				resource.TestStep{Config: cfg, PlanOnly: true}),
		})
	})
}

// A plain destroy of a mirror whose first apply failed part way (tainted)
// gets its private state: it removes what was copied, and the folder it
// made.
func TestAccDirectoryMirror_taintedDestroy(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e, src, dst := mirrorEnv(t, alisttest.Options{Flavor: f}, true)
		e.needsLocal(whyFaults)
		files := map[string]string{"a.txt": "alpha", "b.txt": "bravo"}
		e.seedUnder(src, files)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             resource.ComposeTestCheckFunc(e.checkGone(dst), e.checkRemoteTree(src, files)),
			Steps: []resource.TestStep{{
				PreConfig:   func() { e.server.FailCopy(src+"/b.txt", "failed to put the file: the disk is full", 3) },
				Config:      mirrorConfig(e, src, dst, ""),
				ExpectError: re(`(?s)1 of 2 files were not copied.*b\.txt: .*the disk is full`),
			}},
		})
	})
}
