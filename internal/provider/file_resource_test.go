package provider

import (
	"encoding/base64"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// The full lifecycle with `content`, against each server flavour: create,
// in-place update, an empty plan after each, import, destroy.
func TestAccFile_contentLifecycle(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		p := e.path("conf/app name #1.yaml")
		const addr = "alist_file.app"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkGone(p),
			Steps: []resource.TestStep{
				{
					Config: fileConfig(e, "app", p, `content = "hello: 1\n"`),
					ConfigStateChecks: []statecheck.StateCheck{
						expectString(addr, "id", p),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("modified"), knownvalue.StringRegexp(re(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d`))),
						expectString(addr, "content_sha256", sha256Hex([]byte("hello: 1\n"))),
						expectSize(addr, 9),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("raw_url"), knownvalue.StringRegexp(re(`/p/.+app%20name%20%231\.yaml\?sign=`))),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("hash_info"), knownvalue.MapExact(map[string]knownvalue.Check{})),
					},
					Check: e.checkRemote(p, []byte("hello: 1\n")),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				},
				{
					Config: fileConfig(e, "app", p, `content = "hello: 2, longer\n"`),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
							plancheck.ExpectKnownValue(addr, tfjsonpath.New("content_sha256"), knownvalue.StringExact(sha256Hex([]byte("hello: 2, longer\n")))),
						},
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					ConfigStateChecks: []statecheck.StateCheck{expectSize(addr, 17)},
					Check:             e.checkRemote(p, []byte("hello: 2, longer\n")),
				},
				importStep(addr),
			},
		})
	})
}

func TestAccFile_contentBase64(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	p := e.path("bin/all-bytes.bin")
	data := make([]byte, 256)
	for i := range data {
		data[i] = byte(i)
	}
	const addr = "alist_file.bin"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(p),
		Steps: []resource.TestStep{
			{
				Config:            fileConfig(e, "bin", p, fmt.Sprintf("content_base64 = %q", base64.StdEncoding.EncodeToString(data))),
				ConfigStateChecks: []statecheck.StateCheck{expectSize(addr, 256), expectString(addr, "content_sha256", sha256Hex(data))},
				Check:             e.checkRemote(p, data),
			},
			importStep(addr),
		},
	})
}

// A source file: created by streaming, an edit plans an in-place update with
// the new hash known at plan time, and an unchanged file plans nothing.
func TestAccFile_source(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	p := e.path("artifacts/app.tar")
	src := filepath.Join(t.TempDir(), "app.tar")
	v1, v2 := []byte("version one\n"), []byte("version two, edited\n")
	writeLocal(t, src, v1)
	cfg := fileConfig(e, "art", p, fmt.Sprintf("source = %q", src))
	const addr = "alist_file.art"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(p),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
						plancheck.ExpectUnknownValue(addr, tfjsonpath.New("content_sha256")), // hashed while streaming
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectString(addr, "content_sha256", sha256Hex(v1)), expectSize(addr, len(v1))},
				Check:             e.checkRemote(p, v1),
			},
			{
				PreConfig: func() { writeLocal(t, src, v2) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("content_sha256"), knownvalue.StringExact(sha256Hex(v2))),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("size"), knownvalue.Int64Exact(int64(len(v2)))),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: e.checkRemote(p, v2),
			},
			importStep(addr),
		},
	})
}

// A file changed or deleted on the server outside Terraform is detected by
// the refresh and restored by the next apply.
func TestAccFile_driftRestored(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	p := e.path("drift.txt")
	want := []byte("managed by terraform\n")
	cfg := fileConfig(e, "d", p, fmt.Sprintf("content = %q", string(want)))
	const addr = "alist_file.d"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(p),
		Steps: []resource.TestStep{
			{Config: cfg, Check: e.checkRemote(p, want)},
			{
				// Same size, other bytes: only the modification time tells.
				PreConfig: func() { e.changeBehindBack(p, []byte("MANAGED BY SOMEONE!\n\n")) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: e.checkRemote(p, want),
			},
			{
				PreConfig: func() { e.changeBehindBack(p, []byte("short")) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: e.checkRemote(p, want),
			},
			{
				PreConfig: func() { e.deleteBehindBack(p) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
				Check: e.checkRemote(p, want),
			},
		},
	})
}

// overwrite = false (the default) refuses a file Terraform does not manage
// and leaves it untouched; overwrite = true replaces it.
func TestAccFile_overwrite(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		p := e.path("existing.txt")
		theirs := []byte("not managed by terraform")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkGone(p),
			Steps: []resource.TestStep{
				{
					PreConfig:   func() { e.put(p, theirs) },
					Config:      fileConfig(e, "x", p, `content = "mine"`),
					ExpectError: re(`(?s)already exists.*terraform import.*overwrite = true`),
				},
				{
					// Nothing was lost: their file is still there.
					Config:   e.providerConfig(),
					Check:    e.checkRemote(p, theirs),
					PlanOnly: true,
				},
				{
					Config: fileConfig(e, "x", p, "content = \"mine\"\n  overwrite = true"),
					Check:  e.checkRemote(p, []byte("mine")),
				},
			},
		})
	})
}

func TestAccFile_asTask(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	p := e.path("task/upload.txt")
	want := []byte("uploaded as a server task")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(p),
		Steps: []resource.TestStep{{
			Config:            fileConfig(e, "t", p, fmt.Sprintf("content = %q\n  as_task = true", string(want))),
			ConfigStateChecks: []statecheck.StateCheck{expectSize("alist_file.t", len(want))},
			Check:             e.checkRemote(p, want),
		}},
	})
}

// On a storage that caches listings (AList v3 on non-Local drivers), fs/get
// answers stale data after an upload; the provider refreshes the parent.
func TestAccFile_cachingStorage(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f, CachingStorages: []string{"/cached"}})
		p := e.path("cached.txt")
		const addr = "alist_file.c"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkGone(p),
			Steps: []resource.TestStep{
				{
					Config:            fileConfig(e, "c", p, `content = "v1"`),
					ConfigStateChecks: []statecheck.StateCheck{expectSize(addr, 2)},
					Check:             e.checkRemote(p, []byte("v1")),
				},
				{
					Config:            fileConfig(e, "c", p, `content = "version 2"`),
					ConfigStateChecks: []statecheck.StateCheck{expectSize(addr, 9)},
					Check:             e.checkRemote(p, []byte("version 2")),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				},
			},
		})
	})
}

// Thirty files applied with Terraform's default parallelism (10) share one
// login per provider process.
func TestAccFile_manyFilesOneLogin(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	cfg := e.providerConfig() + fmt.Sprintf(`
resource "alist_file" "many" {
  count   = 30
  path    = format("%s/f%%02d.txt", count.index)
  content = format("content of f%%02d.txt", count.index)
}
`, e.root)
	var before, ownBefore int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(e.path("f00.txt"), e.path("f29.txt")),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				if e.server != nil {
					before, ownBefore = e.server.Logins(), e.client.LoginCount()
				}
			},
			Config: cfg,
			Check: resource.ComposeTestCheckFunc(
				e.checkRemote(e.path("f00.txt"), []byte("content of f00.txt")),
				e.checkRemote(e.path("f29.txt"), []byte("content of f29.txt")),
				func(*terraform.State) error {
					most, total := e.maxLoginsPerSession()
					if most != 1 {
						return fmt.Errorf("a provider session logged in %d times, want exactly 1", most)
					}
					// The server saw the provider's logins and the test's own, nothing else.
					if e.server != nil {
						if seen := e.server.Logins() - before - (e.client.LoginCount() - ownBefore); seen != total {
							return fmt.Errorf("the server saw %d logins from the provider, its sessions sent %d", seen, total)
						}
					}
					return nil
				},
			),
		}},
	})
}

// A wrong password gives one clear error after exactly one login attempt,
// and nothing is created.
func TestAccProvider_wrongPasswordOneAttempt(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		e.needsLocal(whyLoginCounts)
		bad := e.withPassword("wrong-password")
		cfg := bad.providerConfig() + fmt.Sprintf(`
resource "alist_file" "many" {
  count   = 6
  path    = "%s/${count.index}.txt"
  content = "x"
}
`, e.root)
		before := e.server.Logins()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: bad.factories(),
			Steps: []resource.TestStep{{
				Config: cfg,
				// One full explanation, and short pointers to it for the other
				// resources, in whatever order Terraform prints them.
				ExpectError: re(`(?s)(login as "admin" failed.*rejected the username or password.*no second attempt.*failed earlier in this run|failed earlier in this run.*login as "admin" failed.*rejected the username or password.*no second attempt)`),
			}},
		})
		if n := e.server.Logins() - before; n != 1 {
			t.Errorf("the server saw %d login attempts, want exactly 1", n)
		}
		if e.server.Exists(e.path("0.txt")) || e.server.LockedOut() {
			t.Error("a file was created or the client got locked out")
		}
	})
}

// After the server expires or forgets the session's token, the provider
// logs in again, once, and carries on.
func TestAccProvider_reloginAfterTokenLoss(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	e.needsLocal(whyClocks)
	p := e.path("relogin.txt")
	// A configured token plus a password: the token is used first, and when
	// the server stops accepting it the password logs in again.
	tok := loginToken(t, e)
	steps := []resource.TestStep{}
	for i, lose := range []func(){e.server.ExpireTokens, e.server.ForgetTokens} {
		content := fmt.Sprintf("step %d", i)
		steps = append(steps, resource.TestStep{
			PreConfig: lose,
			Config: e.providerConfig(fmt.Sprintf("token = %q", tok)) +
				fmt.Sprintf("resource \"alist_file\" \"r\" {\n  path = %q\n  content = %q\n}\n", p, content),
			Check: resource.ComposeTestCheckFunc(e.checkRemote(p, []byte(content)), func(*terraform.State) error {
				if most, total := e.maxLoginsPerSession(); most != 1 || total == 0 {
					return fmt.Errorf("want one re-login per provider session, got at most %d (total %d)", most, total)
				}
				return nil
			}),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: e.factories(), CheckDestroy: e.checkGone(p), Steps: steps})
}
