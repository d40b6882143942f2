package provider

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// The storage tests mount the test's own folder (e.root) a second time, as
// a Local storage at a mount path of their own: it works the same against
// any server whose ALIST_TEST_ROOT lies on a Local storage, because the
// folder's place on the server's disk is read from that storage.

// diskDir is where folder p (below a Local storage) lives on the server's
// disk; p is created first.
func (e *testEnv) diskDir(p string) string {
	e.t.Helper()
	mkdir(e.t, e, p)
	first := "/" + strings.SplitN(strings.TrimPrefix(p, "/"), "/", 2)[0]
	st, err := e.client.StorageByMountPath(t0(), first)
	if err != nil {
		e.t.Fatalf("the storage of %s: %v", p, err)
	}
	if st.Driver != "Local" {
		e.t.Fatalf("%s lies on a %s storage: the storage tests need ALIST_TEST_ROOT on a Local storage, whose folder they mount again", p, st.Driver)
	}
	add, err := st.AdditionMap()
	if err != nil {
		e.t.Fatal(err)
	}
	root, _ := add["root_folder_path"].(string)
	return path.Join(root, strings.TrimPrefix(p, first))
}

// mount is a mount path of the test's own, removed with whatever storage is
// left there when the test ends (a failed test's).
func (e *testEnv) mount(suffix string) string {
	e.t.Helper()
	m := "/" + path.Base(e.root) + "-" + suffix
	e.t.Cleanup(func() {
		if st, err := e.client.StorageByMountPath(t0(), m); err == nil {
			_ = e.client.DeleteStorage(t0(), st.ID)
		}
	})
	return m
}

// storageAt is the server's row for a mount path.
func (e *testEnv) storageAt(m string) (*alist.Storage, error) {
	return e.client.StorageByMountPath(t0(), m)
}

func storageConfig(e *testEnv, name, body string) string {
	return e.providerConfig() + fmt.Sprintf("resource \"alist_storage\" %q {\n%s\n}\n", name, body)
}

// checkStorage checks the server's row at a mount path.
func (e *testEnv) checkStorage(m string, check func(st *alist.Storage, add map[string]any) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		st, err := e.storageAt(m)
		if err != nil {
			return fmt.Errorf("server: storage %s: %w", m, err)
		}
		add, err := st.AdditionMap()
		if err != nil {
			return err
		}
		return check(st, add)
	}
}

// checkMounted checks whether the mount shows in the listing of "/".
func (e *testEnv) checkMounted(m string, want bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		items, err := e.client.List(t0(), "/", alist.ListOptions{})
		if err != nil {
			return err
		}
		got := false
		for _, it := range items {
			got = got || "/"+it.Name == m
		}
		if got != want {
			return fmt.Errorf("server: %s mounted = %v, want %v", m, got, want)
		}
		return nil
	}
}

func (e *testEnv) checkNoStorage(m string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if _, err := e.storageAt(m); !isNotFound(err) {
			return fmt.Errorf("server: a storage is left at %s (%v)", m, err)
		}
		return nil
	}
}

// A Local storage's life: created with the driver's defaults where the
// configuration is silent, mounted for real (a file of its folder shows
// through it), updated by whole rows (an update keeps what it does not
// change), disabled and enabled through their routes, moved, imported, and
// removed.
func TestAccStorage_localLifecycle(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		dir := e.diskDir(e.root)
		e.put(e.path("hello.txt"), []byte("through the new mount"))
		m, moved := e.mount("media"), e.mount("moved")
		body := func(mountPath, extra string) string {
			return fmt.Sprintf("  mount_path = %q\n  driver = \"Local\"\n  addition = {\n    root_folder_path = %q\n    show_hidden = false\n  }\n%s", mountPath, dir, extra)
		}
		var policy string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             resource.ComposeTestCheckFunc(e.checkNoStorage(m), e.checkNoStorage(moved), e.checkMounted(moved, false)),
			Steps: []resource.TestStep{
				{
					Config: storageConfig(e, "media", body(m, `  remark = "NAS share"`)),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						// the driver's default, known at plan
						plancheck.ExpectKnownValue("alist_storage.media", tfjsonpath.New("webdav_policy"), knownvalue.StringExact("native_proxy")),
						plancheck.ExpectUnknownValue("alist_storage.media", tfjsonpath.New("status")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						expectString("alist_storage.media", "status", "work"),
						expectString("alist_storage.media", "mount_path", m),
						statecheck.ExpectKnownValue("alist_storage.media", tfjsonpath.New("addition"), knownvalue.MapExact(map[string]knownvalue.Check{
							"root_folder_path": knownvalue.StringExact(dir), "show_hidden": knownvalue.StringExact("false"),
						})),
					},
					Check: resource.ComposeTestCheckFunc(
						e.checkStorage(m, func(st *alist.Storage, add map[string]any) error {
							policy = st.WebdavPolicy
							if st.Remark != "NAS share" || add["root_folder_path"] != dir || add["show_hidden"] != false || st.Disabled {
								return fmt.Errorf("server row: remark %q, addition %v, disabled %v", st.Remark, add, st.Disabled)
							}
							if add["mkdir_perm"] != "777" { // a driver default the configuration left out
								return fmt.Errorf("server row: mkdir_perm %v, want the driver's default 777", add["mkdir_perm"])
							}
							return nil
						}),
						e.checkRemote(m+"/hello.txt", []byte("through the new mount")),
					),
				},
				{
					Config: storageConfig(e, "media", body(m, "  remark = \"changed\"\n  disabled = true")),
					Check: resource.ComposeTestCheckFunc(
						e.checkStorage(m, func(st *alist.Storage, add map[string]any) error {
							if st.Remark != "changed" || !st.Disabled || st.WebdavPolicy != policy || add["root_folder_path"] != dir {
								return fmt.Errorf("server row after update: remark %q, disabled %v, webdav_policy %q (was %q), addition %v", st.Remark, st.Disabled, st.WebdavPolicy, policy, add)
							}
							return nil
						}),
						e.checkMounted(m, false),
						// an update never touches another storage (v3.38 overwrites the first one on id 0)
						e.checkStorage("/"+strings.SplitN(strings.TrimPrefix(e.root, "/"), "/", 2)[0], func(st *alist.Storage, _ map[string]any) error {
							if st.Status != alist.StatusWork || st.Disabled {
								return fmt.Errorf("the test root's storage changed: status %q, disabled %v", st.Status, st.Disabled)
							}
							return nil
						}),
					),
				},
				{
					Config: storageConfig(e, "media", body(moved, "  remark = \"changed\"\n  disabled = false")),
					Check: resource.ComposeTestCheckFunc(
						e.checkNoStorage(m), e.checkMounted(m, false), e.checkMounted(moved, true),
						e.checkRemote(moved+"/hello.txt", []byte("through the new mount")),
					),
				},
				// An import takes the driver fields that differ from the
				// defaults: the two the configuration names.
				{ResourceName: "alist_storage.media", ImportState: true, ImportStateId: moved, ImportStateVerify: true},
				{ResourceName: "alist_storage.media", ImportState: true, ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return "id:" + s.RootModule().Resources["alist_storage.media"].Primary.ID, nil
				}, ImportStateVerify: true},
			},
		})
	})
}

// A change made in the web UI shows in the plan and is put back; an
// addition key the configuration does not name is left as the server has it.
func TestAccStorage_drift(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		dir := e.diskDir(e.root)
		m := e.mount("drift")
		cfg := storageConfig(e, "s", fmt.Sprintf("  mount_path = %q\n  driver = \"Local\"\n  remark = \"by terraform\"\n  addition = { root_folder_path = %q }", m, dir))
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{
				{Config: cfg},
				{
					PreConfig: func() {
						st, err := e.storageAt(m)
						if err != nil {
							t.Fatal(err)
						}
						st.Remark = "edited in the web UI"
						st.Addition = strings.Replace(st.Addition, `"mkdir_perm":"777"`, `"mkdir_perm":"750"`, 1)
						if err := e.client.UpdateStorage(t0(), st); err != nil {
							t.Fatal(err)
						}
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("alist_storage.s", plancheck.ResourceActionUpdate),
					}},
					Check: e.checkStorage(m, func(st *alist.Storage, add map[string]any) error {
						if st.Remark != "by terraform" || add["mkdir_perm"] != "750" {
							return fmt.Errorf("server row: remark %q (want it put back), mkdir_perm %v (want the web UI's 750 kept)", st.Remark, add["mkdir_perm"])
						}
						return nil
					}),
				},
				{PreConfig: func() {
					st, err := e.storageAt(m)
					if err != nil {
						t.Fatal(err)
					}
					if err := e.client.DeleteStorage(t0(), st.ID); err != nil {
						t.Fatal(err)
					}
				}, Config: cfg, Check: e.checkStorage(m, func(st *alist.Storage, _ map[string]any) error {
					if st.Status != alist.StatusWork {
						return fmt.Errorf("recreated storage: status %q", st.Status)
					}
					return nil
				})},
			},
		})
	})
}

// A driver that fails to start fails the apply with the driver's own
// message and leaves nothing behind: the server had kept the storage.
func TestAccStorage_driverFailsToStart(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		dir := e.diskDir(e.root)
		m := e.mount("broken")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkNoStorage(m),
			Steps: []resource.TestStep{
				{
					Config:      storageConfig(e, "s", fmt.Sprintf("  mount_path = %q\n  driver = \"Local\"\n  addition = { root_folder_path = %q }", m, dir+"/does-not-exist")),
					ExpectError: re(`driver failed to start(.|\n)*nothing is left on the server`),
				},
				{Config: e.providerConfig(), Check: resource.ComposeTestCheckFunc(e.checkNoStorage(m), e.checkMounted(m, false))},
			},
		})
	})
}

// disabled = true at create really leaves the storage unmounted (the
// server mounts a storage created with disabled set), and its destroy
// leaves no ghost mount.
func TestAccStorage_disabledOnCreate(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		dir := e.diskDir(e.root)
		m := e.mount("off")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             resource.ComposeTestCheckFunc(e.checkNoStorage(m), e.checkMounted(m, false)),
			Steps: []resource.TestStep{{
				Config: storageConfig(e, "s", fmt.Sprintf("  mount_path = %q\n  driver = \"Local\"\n  disabled = true\n  addition = { root_folder_path = %q }", m, dir)),
				Check: resource.ComposeTestCheckFunc(e.checkMounted(m, false), e.checkStorage(m, func(st *alist.Storage, _ map[string]any) error {
					if !st.Disabled {
						return fmt.Errorf("server row: disabled false")
					}
					return nil
				})),
			}},
		})
	})
}

// A flag with a natural default shows and repairs drift: a storage
// disabled by hand (the web UI's switch, the disable route), whose
// configuration leaves `disabled` out, plans `disabled: true -> false`;
// the apply mounts it again through the enable route (an update's
// disabled = false would not remount a dropped driver), and it serves.
// The same for enable_sign, false on every driver and version.
func TestAccStorage_disabledByHand(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		dir := e.diskDir(e.root)
		e.put(e.path("hello.txt"), []byte("served again"))
		m := e.mount("hand")
		cfg := storageConfig(e, "s", fmt.Sprintf("  mount_path = %q\n  driver = \"Local\"\n  addition = { root_folder_path = %q }", m, dir))
		serverDisabled := func(want bool) resource.TestCheckFunc {
			return e.checkStorage(m, func(st *alist.Storage, _ map[string]any) error {
				if st.Disabled != want {
					return fmt.Errorf("server row: disabled %v, want %v", st.Disabled, want)
				}
				return nil
			})
		}
		var enables, updates int
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkNoStorage(m),
			Steps: []resource.TestStep{
				{Config: cfg, Check: resource.ComposeTestCheckFunc(serverDisabled(false), e.checkServed(m+"/hello.txt", []byte("served again")))},
				{
					PreConfig: func() {
						st, err := e.storageAt(m)
						if err == nil {
							err = e.client.DisableStorage(t0(), st.ID)
						}
						if err == nil {
							err = resource.ComposeTestCheckFunc(serverDisabled(true), e.checkMounted(m, false))(nil)
						}
						if err != nil {
							t.Fatal(err)
						}
						if e.server != nil {
							enables, updates = e.server.Count("/api/admin/storage/enable"), e.server.Count("/api/admin/storage/update")
						}
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("alist_storage.s", plancheck.ResourceActionUpdate),
						expectChange("alist_storage.s", "disabled", true, false),
					}},
					Check: resource.ComposeTestCheckFunc(serverDisabled(false), e.checkMounted(m, true),
						e.checkServed(m+"/hello.txt", []byte("served again")),
						func(*terraform.State) error {
							if e.server == nil {
								return nil // the counts need the local server; serving again shows the remount
							}
							if n, u := e.server.Count("/api/admin/storage/enable")-enables, e.server.Count("/api/admin/storage/update")-updates; n != 1 || u != 0 {
								return fmt.Errorf("the repair sent %d enable and %d update requests, want 1 and 0", n, u)
							}
							return nil
						}),
				},
				// Another flag with a natural default, turned on by hand.
				{
					PreConfig: func() {
						st, err := e.storageAt(m)
						if err == nil {
							st.EnableSign = true
							err = e.client.UpdateStorage(t0(), st)
						}
						if err != nil {
							t.Fatal(err)
						}
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						expectChange("alist_storage.s", "enable_sign", true, false),
					}},
					Check: e.checkStorage(m, func(st *alist.Storage, _ map[string]any) error {
						if st.EnableSign || st.Disabled {
							return fmt.Errorf("server row: enable_sign %v, disabled %v, want both false", st.EnableSign, st.Disabled)
						}
						return nil
					}),
				},
			},
		})
	})
}

// handMade creates a Local storage through the admin API as the web UI
// does: the driver's defaults filled in, two settings changed (and one
// default left for the driver to write).
func (e *testEnv) handMade(m, dir string) {
	e.t.Helper()
	info, err := e.client.Driver(t0(), "Local")
	if err != nil {
		e.t.Fatal(err)
	}
	add, err := newAddition(info, map[string]string{"root_folder_path": dir, "show_hidden": "false"}, nil)
	delete(add, "video_thumb_pos") // v3.62 and OpenList write its default at start
	if err == nil {
		_, err = e.client.CreateStorage(t0(), &alist.Storage{MountPath: m, Driver: "Local", WebdavPolicy: "native_proxy", Addition: mustAdditionText(add)})
	}
	if err != nil {
		e.t.Fatal(err)
	}
}

func mustAdditionText(m map[string]any) string { s, _ := additionText(m); return s }

// A storage made by hand, imported into a configuration that names the two
// settings changed from the defaults: the next plan is empty (only the
// configured keys are compared, and the import keeps only the keys that
// differ from the driver's defaults). A configured key at its default is
// planned into state once, and the apply sends the server nothing.
func TestAccStorage_importPartialAddition(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		dir := e.diskDir(e.root)
		m := e.mount("data")
		e.handMade(m, dir)
		cfg := func(extra string) string {
			return storageConfig(e, "data", fmt.Sprintf("  mount_path = %q\n  driver = \"Local\"\n  addition = {\n    root_folder_path = %q\n    show_hidden = false\n%s  }", m, dir, extra))
		}
		updates := 0
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkNoStorage(m),
			Steps: []resource.TestStep{
				{Config: cfg(""), ResourceName: "alist_storage.data", ImportState: true, ImportStateId: m, ImportStatePersist: true,
					ImportStateCheck: func(states []*terraform.InstanceState) error {
						if n := states[0].Attributes["addition.%"]; n != "2" {
							return fmt.Errorf("the import kept %s addition keys, want the 2 that differ from the defaults: %v", n, states[0].Attributes)
						}
						return nil
					}},
				{Config: cfg(""), PlanOnly: true},
				{
					PreConfig: func() {
						if e.server != nil {
							updates = e.server.Count("/api/admin/storage/update")
						}
					},
					Config: cfg("    mkdir_perm = \"777\"\n"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("alist_storage.data", plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue("alist_storage.data", tfjsonpath.New("addition").AtMapKey("mkdir_perm"), knownvalue.StringExact("777")),
					}},
					Check: func(*terraform.State) error {
						if e.server == nil {
							return nil // the count needs the local server
						}
						if n := e.server.Count("/api/admin/storage/update") - updates; n != 0 {
							return fmt.Errorf("a key already at its value sent %d storage updates, want none", n)
						}
						return nil
					},
				},
			},
		})
	})
}

// A configuration generated from an import (-generate-config-out) names
// only the settings that differ from the driver's defaults, and applies
// with no change.
func TestAccStorage_generatedConfigIsShort(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		dir := e.diskDir(e.root)
		m := e.mount("gen")
		e.handMade(m, dir)
		cli := newCLI(t)
		cli.write("main.tf", "terraform {\n  required_providers {\n    alist = { source = \"alist-terraform/alist\" }\n  }\n}\n"+
			e.providerConfig()+fmt.Sprintf("import {\n  to = alist_storage.data\n  id = %q\n}\n", m))
		cli.mustRun("plan", "-generate-config-out=generated.tf", "-out=import.plan")
		gen := cli.read("generated.tf")
		block := regexp.MustCompile(`(?s)\n  addition = \{\n(.*?)\n  \}`).FindStringSubmatch(gen)
		if block == nil {
			t.Fatalf("no addition in the generated configuration:\n%s", gen)
		}
		var keys []string
		for _, line := range strings.Split(block[1], "\n") {
			keys = append(keys, strings.Fields(line)[0])
		}
		if strings.Join(keys, " ") != "root_folder_path show_hidden" {
			t.Fatalf("generated addition keys %v, want the two that differ from the defaults:\n%s", keys, gen)
		}
		cli.mustRun("apply", "import.plan")
		cli.expectNoChanges()
	})
}

// The fields one version has: v3.62 creates down_proxy_sign = false as
// true (a database default), so the provider follows up with an update;
// the other servers refuse the field at plan, saying what they have.
func TestAccStorage_versionFields(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		info, err := e.client.Info(t0())
		if err != nil {
			t.Fatal(err)
		}
		dir := e.diskDir(e.root)
		m := e.mount("sign")
		cfg := func(field string) string {
			return storageConfig(e, "s", fmt.Sprintf("  mount_path = %q\n  driver = \"Local\"\n  %s\n  addition = { root_folder_path = %q }", m, field, dir))
		}
		var steps []resource.TestStep
		switch {
		case info.IsOpenList():
			steps = []resource.TestStep{
				{Config: cfg("down_proxy_sign = false\n  disable_proxy_sign = false"), PlanOnly: true, ExpectNonEmptyPlan: true},
				{Config: cfg("custom_cache_policies = \"*.mp4:60\""), PlanOnly: true, ExpectError: re(`Local driver on this server has no .custom_cache_policies.`)},
				{Config: cfg("disable_proxy_sign = true\n  disable_index = true"), Check: e.checkStorage(m, func(st *alist.Storage, _ map[string]any) error {
					if st.DisableProxySign == nil || !*st.DisableProxySign || st.DisableIndex == nil || !*st.DisableIndex {
						return fmt.Errorf("server row: disable_proxy_sign %v, disable_index %v", st.DisableProxySign, st.DisableIndex)
					}
					return nil
				})},
			}
		case info.HasRoles():
			steps = []resource.TestStep{
				{Config: cfg("disable_proxy_sign = true"), PlanOnly: true, ExpectError: re(`has no .disable_proxy_sign.`)},
				{Config: cfg("down_proxy_sign = false"), Check: e.checkStorage(m, func(st *alist.Storage, _ map[string]any) error {
					if st.DownProxySign == nil || *st.DownProxySign {
						return fmt.Errorf("server row: down_proxy_sign %v, want false", st.DownProxySign)
					}
					return nil
				}), ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("alist_storage.s", tfjsonpath.New("down_proxy_sign"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("alist_storage.s", tfjsonpath.New("disable_proxy_sign"), knownvalue.Null()),
				}},
			}
		default:
			steps = []resource.TestStep{
				{Config: cfg("down_proxy_sign = true"), PlanOnly: true, ExpectError: re(`has no .down_proxy_sign.`)},
				{Config: cfg("disable_index = true"), PlanOnly: true, ExpectError: re(`has no .disable_index.`)},
				// the zero value, as a configuration generated on a newer server holds it
				{Config: cfg("disable_index = false\n  disable_proxy_sign = false"), ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("alist_storage.s", tfjsonpath.New("disable_index"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("alist_storage.s", tfjsonpath.New("down_proxy_sign"), knownvalue.Null()),
				}},
			}
		}
		resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: e.factories(), CheckDestroy: e.checkNoStorage(m), Steps: steps})
	})
}

// A driver that logs in to another AList server, here the server itself:
// its password goes in sensitive_addition, which the plan never shows and
// an import never reads; the mount lists the other server's folder.
func TestAccStorage_peerServer(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		e.put(e.path("peer.txt"), []byte("seen through the peer"))
		m := e.mount("peer")
		// The url with a trailing slash, which the driver drops when it
		// saves: what the server made of a sent value is no drift.
		peer := e.peerDriver()
		cfg := storageConfig(e, "peer", fmt.Sprintf(`  mount_path = %q
  driver = %q
  addition = { url = %q, root_folder_path = %q, username = %q }
  sensitive_addition = { password = %q }`, m, peer, e.url+"/", e.root, e.username, e.password))
		// The password from another resource: unknown at plan.
		fromResource := e.providerConfig() + fmt.Sprintf(`resource "terraform_data" "pw" {
  input = %q
}
resource "alist_storage" "peer" {
  mount_path = %q
  driver = %q
  addition = { url = %q, root_folder_path = %q, username = %q }
  sensitive_addition = { password = terraform_data.pw.output }
}
`, e.password, m, peer, e.url+"/", e.root, e.username)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkNoStorage(m),
			Steps: []resource.TestStep{
				{
					Config: cfg,
					Check: resource.ComposeTestCheckFunc(e.checkServed(m+"/peer.txt", []byte("seen through the peer")),
						e.checkStorage(m, func(st *alist.Storage, _ map[string]any) error {
							if st.Status != alist.StatusWork {
								return fmt.Errorf("server row: status %q", st.Status)
							}
							return nil
						})),
					ConfigStateChecks: []statecheck.StateCheck{stateScan(func(state string) error {
						if strings.Contains(state, `"password":"`+e.password) && !strings.Contains(state, `"sensitive_addition"`) {
							return fmt.Errorf("the password is in state outside sensitive_addition")
						}
						return nil
					})},
				},
				{Config: cfg, PlanOnly: true}, // no diff, although the server rewrites the addition (its token, the url)
				{Config: fromResource, Check: e.checkServed(m+"/peer.txt", []byte("seen through the peer"))},
				{ResourceName: "alist_storage.peer", ImportState: true, ImportStateId: m, ImportStateCheck: func(states []*terraform.InstanceState) error {
					for k, v := range states[0].Attributes {
						if strings.HasPrefix(k, "addition.") && (strings.Contains(k, "password") || strings.Contains(k, "token") || v == e.password) {
							return fmt.Errorf("an import wrote the secret %s into addition", k)
						}
					}
					if states[0].Attributes["addition.url"] != e.url {
						return fmt.Errorf("import: addition.url = %q", states[0].Attributes["addition.url"])
					}
					return nil
				}},
			},
		})
	})
}

// Mistakes refused at plan, each naming the key and the fix; nothing
// reaches the server.
func TestAccStorage_badInput(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		dir := e.diskDir(e.root)
		m := e.mount("bad")
		local := func(extra string) string {
			return fmt.Sprintf("  mount_path = %q\n  driver = \"Local\"\n  addition = { root_folder_path = %q %s }", m, dir, extra)
		}
		for _, tc := range []struct{ name, body, want string }{
			{"unknown driver", fmt.Sprintf("  mount_path = %q\n  driver = \"WebDAV\"", m), `no driver "WebDAV".*Did you mean "WebDav"`},
			{"unknown key", local(", root = \"/x\""), `"root" is not a setting of the Local driver. Its settings are: root_folder_path`},
			{"wrong type", local(", show_hidden = \"yes\""), `"show_hidden" is a true/false setting, got "yes"`},
			{"secret twice", local("") + "\n  sensitive_addition = { root_folder_path = \"/y\" }", `set in both addition and sensitive_addition`},
			{"required missing", fmt.Sprintf("  mount_path = %q\n  driver = \"AList V3\"\n  addition = { root_folder_path = \"/\" }", m), `requires "url"`},
			{"select choice", fmt.Sprintf("  mount_path = %q\n  driver = \"S3\"\n  addition = { bucket = \"b\", endpoint = \"http://127.0.0.1:1\", region = \"x\", access_key_id = \"a\", list_object_version = \"v9\" }\n  sensitive_addition = { secret_access_key = \"s\" }", m), `"list_object_version" must be one of "v1", "v2", got "v9"`},
			{"webdav policy", local("") + "\n  webdav_policy = \"proxy\"", `value must be one of`},
			{"mount path form", "  mount_path = \"media/\"\n  driver = \"Local\"", `The server stores "media/" as "/media". Write mount_path = "/media"`},
			{"root mount", "  mount_path = \"/\"\n  driver = \"Local\"", `is the site's root`},
		} {
			t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: e.factories(),
					Steps: []resource.TestStep{{
						Config: storageConfig(e, "s", tc.body), PlanOnly: true, ExpectError: re(tc.want),
					}},
				})
				if _, err := e.storageAt(m); !isNotFound(err) {
					t.Fatalf("a bad plan left a storage at %s: %v", m, err)
				}
			})
		}
	})
}

// A non-admin account gets one error naming the resource and the account.
func TestAccStorage_needsAdmin(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	d := e.withCredentials(e.newAccount("deploy", "deploy-pass", 0), "deploy-pass")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: d.factories(),
		Steps: []resource.TestStep{{
			Config:      storageConfig(d, "s", "  mount_path = \"/x\"\n  driver = \"Local\""),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`alist_storage needs an AList admin account(.|\n)*signed in as "` + d.username + `"`),
		}},
	})
}

// A storage that an account's base path lies in: AList v3.62 refuses to
// delete it, and the error says what to remove first; the other servers
// delete it anyway. With the dependency in the configuration, Terraform
// removes the account first and the destroy goes through everywhere.
func TestAccStorage_inUse(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		info, err := e.client.Info(t0())
		if err != nil {
			t.Fatal(err)
		}
		dir := e.diskDir(e.root)
		m := e.mount("used")
		storage := storageConfig(e, "s", fmt.Sprintf("  mount_path = %q\n  driver = \"Local\"\n  addition = { root_folder_path = %q }", m, dir))
		grant := `permissions = ["write"]`
		if info.HasRoles() {
			grant = `roles = ["general"]`
		}
		name := e.accountName("user")
		user := fmt.Sprintf("resource \"alist_user\" \"u\" {\n  username = %q\n  password = \"pw-123456\"\n  base_path = \"${alist_storage.s.mount_path}/sub\"\n  %s\n}\n", name, grant)
		outside := e.accountName("outside")
		var steps []resource.TestStep
		steps = append(steps,
			resource.TestStep{Config: storage + user},
			// the dependency: destroyed account first, then the storage
			resource.TestStep{Config: e.providerConfig(), Check: e.checkNoStorage(m)},
			resource.TestStep{Config: storage, PostApplyFunc: func() {
				// an account made outside Terraform, inside the storage
				u := &alist.User{Username: outside, Password: "pw-123456", BasePath: m + "/x", Role: []byte("0")}
				if info.HasRoles() {
					general, err := e.client.RoleByName(t0(), "general")
					if err != nil {
						t.Fatal(err)
					}
					u.SetRoleIDs([]uint{general.ID})
				}
				created, err := e.client.CreateUser(t0(), u)
				if err != nil {
					t.Fatal(err)
				}
				created.BasePath = u.BasePath // v3.62 took it from the role on create
				if err := e.client.UpdateUser(t0(), created); err != nil {
					t.Fatal(err)
				}
			}},
		)
		if info.HasRoles() {
			steps = append(steps, resource.TestStep{Config: e.providerConfig(), ExpectError: re(`please cancel usage first(.|\n)*Change or remove those users and roles first`)},
				resource.TestStep{PreConfig: func() {
					if u, err := e.client.UserByName(t0(), outside); err == nil {
						if err := e.client.DeleteUser(t0(), u.ID); err != nil {
							t.Fatal(err)
						}
					}
				}, Config: e.providerConfig(), Check: e.checkNoStorage(m)})
		} else {
			steps = append(steps, resource.TestStep{Config: e.providerConfig(), Check: e.checkNoStorage(m)})
		}
		resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: e.factories(), CheckDestroy: e.checkNoStorage(m), Steps: steps})
	})
}

// A driver's fields are asked once per run, not once per storage: five
// storages of one driver cost one driver/info per terraform command.
func TestAccStorage_driverFieldsOncePerRun(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	e.needsLocal(whyCounts)
	dir := e.diskDir(e.root)
	var cfg strings.Builder
	cfg.WriteString(e.providerConfig())
	for i := range 5 {
		fmt.Fprintf(&cfg, "resource \"alist_storage\" \"s%d\" {\n  mount_path = %q\n  driver = \"Local\"\n  addition = { root_folder_path = %q }\n}\n", i, e.mount(fmt.Sprint(i)), dir)
	}
	e.server.ResetCounts()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: cfg.String(),
			Check: func(*terraform.State) error {
				// plan, apply, and the refresh and plan after: 4 runs
				if n := e.server.Count("/api/admin/driver/info"); n > 4 {
					return fmt.Errorf("driver/info was asked %d times for 5 storages in 4 runs", n)
				}
				return nil
			},
		}},
	})
}

// A new AList V3 storage on an OpenList release whose driver of that name
// serves only its top folder is created with a warning on driver that
// names the OpenList driver; elsewhere, and for other drivers, nothing.
func TestWarnPeerDriver(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		for _, version := range []string{"", "v4.2.6 (Commit: 0000000)"} {
			e := newEnv(t, alisttest.Options{Flavor: f, Version: version})
			e.needsLocal("knows which release the server reports")
			for _, driver := range []string{peerDriver, "OpenList", "Local"} {
				var diags diag.Diagnostics
				warnPeerDriver(t0(), e.client, &alist.Storage{Driver: driver, MountPath: "/peer"}, &diags)
				want := f == alisttest.OpenListV4 && version == "" && driver == peerDriver
				if got := diags.WarningsCount(); got != map[bool]int{true: 1}[want] || diags.HasError() {
					t.Fatalf("%s %q: %v", driver, version, diags)
				}
				if want && (!strings.Contains(diags[0].Detail(), `driver = "OpenList"`) || !diags[0].(diag.DiagnosticWithPath).Path().Equal(tfpath.Root("driver"))) {
					t.Fatalf("the warning: %v", diags)
				}
			}
		}
	})
}
