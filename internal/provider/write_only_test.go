package provider

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// The write-only secrets of alist_meta, alist_storage and alist_setting:
// each a full lifecycle at TF_LOG=TRACE (secretWatch) whose secrets come
// from a variable, as in a pipeline, and never reach a plan, a state file
// or the log, while the server holds and uses them.

// secretVariable is the configuration's variable "secret", which feeds a
// write-only attribute.
const secretVariable = "variable \"secret\" {\n  type      = string\n  sensitive = true\n}\n"

func secretIs(v string) config.Variables { return config.Variables{"secret": config.StringVariable(v)} }

// woStep is a step of the lifecycle with the secret v, whose plans and
// states the watch checks.
func (w *secretWatch) step(cfg, v string, check resource.TestCheckFunc, planChecks ...plancheck.PlanCheck) resource.TestStep {
	return resource.TestStep{
		Config: cfg, ConfigVariables: secretIs(v), Check: check,
		ConfigStateChecks: []statecheck.StateCheck{w.state()},
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: append(planChecks, w.plan())},
	}
}

// A meta's password_wo: the folder asks for it, a new version sends a new
// one, a password changed or removed in the web UI is seen at plan and put
// back, an import reads none.
func TestAccMeta_writeOnly(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		p := e.path("vault")
		e.seed(map[string][]byte{p + "/a.txt": []byte("a")})
		name := e.newAccount("reader", "reader-pass", 0)
		reader, err := alist.NewSession(alist.Config{URL: e.url, Username: name, Password: "reader-pass", RequestTimeout: 30 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		v1, v2, ui := "meta-first-secret-7301", "meta-second-secret-1123", "meta-webui-secret-5519"
		w := watchSecrets(t, map[string]string{"first password": v1, "second password": v2, "web UI password": ui})
		const addr = "alist_meta.m"
		cfg := func(version int) string {
			return metaConfig(e, fmt.Sprintf("  path = %q\n  password_wo = var.secret\n  password_wo_version = %d", p, version)) + secretVariable
		}
		// protects checks the folder as the reader sees it: open with
		// want, refused with the others.
		protects := func(want string, others ...string) resource.TestCheckFunc {
			return func(*terraform.State) error {
				for _, pw := range append(others, "") {
					if _, err := reader.List(t0(), p, alist.ListOptions{Password: pw}); !errors.Is(err, alist.ErrPermissionDenied) {
						return fmt.Errorf("with a password other than the configured one the reader got %v, want a refusal", err)
					}
				}
				if _, err := reader.List(t0(), p, alist.ListOptions{Password: want}); err != nil {
					return fmt.Errorf("with the configured password the reader is refused: %w", err)
				}
				return nil
			}
		}
		behindBack := func(pw string) func() {
			return func() {
				m, err := e.client.MetaByPath(t0(), p)
				if err != nil {
					t.Fatal(err)
				}
				m.Password = pw
				if err := e.client.UpdateMeta(t0(), m); err != nil {
					t.Fatal(err)
				}
			}
		}
		update := plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)
		repaired := w.step(cfg(2), v2, protects(v2, v1, ui), update)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkNoMeta(p),
			WorkingDir:               w.dir,
			Steps: []resource.TestStep{
				w.step(cfg(1), v1, protects(v1)),
				{Config: cfg(1), ConfigVariables: secretIs(v1), ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("password"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("password_wo"), knownvalue.Null()),
				}, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
				w.step(cfg(2), v2, protects(v2, v1), update),
				func() resource.TestStep { s := repaired; s.PreConfig = behindBack(ui); return s }(),
				func() resource.TestStep { s := repaired; s.PreConfig = behindBack(""); return s }(),
				{ResourceName: addr, ConfigVariables: secretIs(v2), ImportState: true, ImportStateId: p, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"password_wo_version"}},
			},
		})
		w.finish()
	})
}

// A storage's sensitive_addition_wo: the peer driver logs in to this
// server as an account of its own with the password given. Once the
// account's password changed (which ends the driver's token), a wrong one
// stops the driver (so the password does reach it), and a new version
// with the account's new password mounts it again; an import reads no
// secret.
func TestAccStorage_writeOnly(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		e.put(e.path("peer.txt"), []byte("seen through the peer"))
		pw1, wrong, pw2 := "peer-first-secret-2281", "peer-wrong-secret-6404", "peer-second-secret-9927"
		account := e.newAccount("peer", pw1, 0)
		w := watchSecrets(t, map[string]string{"first password": pw1, "wrong password": wrong, "second password": pw2})
		m := e.mount("wo")
		const addr = "alist_storage.peer"
		cfg := func(version int) string {
			return storageConfig(e, "peer", fmt.Sprintf(`  mount_path = %q
  driver = %q
  addition = { url = %q, root_folder_path = %q, username = %q }
  sensitive_addition_wo = { password = var.secret }
  sensitive_addition_wo_version = %d`, m, e.peerDriver(), e.url, e.root, account, version)) + secretVariable
		}
		served := e.checkServed(m+"/peer.txt", []byte("seen through the peer"))
		update := plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)
		newPassword := func() {
			u, err := e.client.UserByName(t0(), account)
			if err != nil {
				t.Fatal(err)
			}
			u.Password = pw2
			if err := e.client.UpdateUser(t0(), u); err != nil {
				t.Fatal(err)
			}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkNoStorage(m),
			WorkingDir:               w.dir,
			Steps: []resource.TestStep{
				w.step(cfg(1), pw1, served),
				// Another secret, the same version: Terraform cannot see it.
				{Config: cfg(1), ConfigVariables: secretIs(wrong), PlanOnly: true},
				// The account's password changes, which ends the driver's
				// token: a wrong password, sent, stops the driver.
				{PreConfig: newPassword, Config: cfg(2), ConfigVariables: secretIs(wrong), ExpectError: re(`Cannot update the storage`)},
				w.step(cfg(3), pw2, resource.ComposeTestCheckFunc(served, e.checkStorage(m, func(st *alist.Storage, _ map[string]any) error {
					if st.Status != alist.StatusWork {
						return fmt.Errorf("server row: status %q", st.Status)
					}
					return nil
				})), update),
				{Config: cfg(3), ConfigVariables: secretIs(pw2), ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("sensitive_addition_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("sensitive_addition"), knownvalue.Null()),
				}, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
				{ResourceName: addr, ConfigVariables: secretIs(pw2), ImportState: true, ImportStateId: m, ImportStateVerify: true,
					ImportStateVerifyIgnore: []string{"sensitive_addition_wo_version"}},
			},
		})
		w.finish()
	})
}

// A secret setting's value_wo: the server holds each value sent (and
// keeps the setting private), a new value needs a new version, a value
// changed in the web UI is put back by one; an import reads no secret;
// destroy puts back an empty original (a secret one is not kept).
func TestAccSetting_writeOnly(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		const key, addr = "ldap_manager_password", "alist_setting.s"
		e.keepSettings(key)
		before, err := e.client.Setting(t0(), key)
		if err != nil {
			t.Fatal(err)
		}
		v1, v2, ui := "ldap-first-secret-3318", "ldap-second-secret-4470", "ldap-webui-secret-8812"
		w := watchSecrets(t, map[string]string{"first value": v1, "second value": v2, "web UI value": ui})
		cfg := func(version int) string {
			return e.providerConfig() + fmt.Sprintf("resource \"alist_setting\" \"s\" {\n  key = %q\n  value_wo = var.secret\n  value_wo_version = %d\n}\n", key, version) + secretVariable
		}
		holds := func(want string) resource.TestCheckFunc {
			return func(*terraform.State) error {
				s, err := e.client.Setting(t0(), key)
				if err != nil || s.Value != want || s.Flag != alist.SettingPrivate {
					return fmt.Errorf("server: %s is %+v (%v), want the value sent, private", key, s, err)
				}
				if _, public := publicSettings(t, e)[key]; public {
					return fmt.Errorf("%s became public", key)
				}
				return nil
			}
		}
		update := plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			WorkingDir:               w.dir,
			CheckDestroy: func(*terraform.State) error {
				want := "" // put back; a secret original is not kept: the value stays
				if before.Value != "" {
					want = v2
				}
				if s, err := e.client.Setting(t0(), key); err != nil || s.Value != want {
					return fmt.Errorf("after destroy %s is %+v (%v), want %q", key, s, err, want)
				}
				return nil
			},
			Steps: []resource.TestStep{
				w.step(cfg(1), v1, holds(v1)),
				{Config: cfg(1), ConfigVariables: secretIs(v2), PlanOnly: true}, // a new value without a new version: not seen
				w.step(cfg(2), v2, holds(v2), update),
				{
					PreConfig: func() {
						s, err := e.client.Setting(t0(), key)
						if err != nil {
							t.Fatal(err)
						}
						s.Value = ui
						if err := e.client.SaveSetting(t0(), s); err != nil {
							t.Fatal(err)
						}
					},
					Config: cfg(2), ConfigVariables: secretIs(v2), PlanOnly: true, // a warning only
				},
				w.step(cfg(3), v2, holds(v2), update),
				{ResourceName: addr, ConfigVariables: secretIs(v2), ImportState: true, ImportStateId: key, ImportStateVerify: true,
					ImportStateVerifyIgnore: []string{"value_wo_version"}},
			},
		})
		w.finish()
	})
}

// Mistakes of the write-only attributes, refused at plan with the
// attributes named: both forms of one secret, a version without its
// value, value_wo for a public setting.
func TestAccWriteOnly_badInput(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	m, p := e.mount("bad"), e.path("bad")
	for _, tc := range []struct{ name, cfg, want string }{
		{"storage both", storageConfig(e, "s", fmt.Sprintf("  mount_path = %q\n  driver = \"Local\"\n  addition = { root_folder_path = \"/tmp\" }\n  sensitive_addition = { x = \"a\" }\n  sensitive_addition_wo = { x = \"b\" }", m)),
			`(?s)cannot be configured together.*\[sensitive_addition,sensitive_addition_wo\]`},
		{"storage unknown key", storageConfig(e, "s", fmt.Sprintf("  mount_path = %q\n  driver = \"Local\"\n  addition = { root_folder_path = \"/tmp\" }\n  sensitive_addition_wo = { passwd = \"b\" }", m)),
			`(?s)sensitive_addition_wo = .*"passwd" is not a setting of the Local driver`},
		{"meta both", metaConfig(e, fmt.Sprintf("  path = %q\n  password = \"a\"\n  password_wo = \"b\"", p)), `(?s)cannot be configured together.*\[password,password_wo\]`},
		{"version alone", metaConfig(e, fmt.Sprintf("  path = %q\n  password_wo_version = 1", p)), `Attribute "password_wo" must be specified when "password_wo_version" is specified`},
		{"public setting", e.providerConfig() + "resource \"alist_setting\" \"s\" {\n  key = \"site_title\"\n  value_wo = \"x\"\n}\n", `(?s)A public setting.*"site_title" is public.*Use .value.`},
	} {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps:                    []resource.TestStep{{Config: tc.cfg, PlanOnly: true, ExpectError: re(tc.want)}},
			})
		})
	}
}
