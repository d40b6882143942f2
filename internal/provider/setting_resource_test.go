package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// publicSettings is /api/public/settings, read without a login.
func publicSettings(t *testing.T, e *testEnv) map[string]any {
	t.Helper()
	resp, err := http.Get(e.url + "/api/public/settings")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var env struct{ Data map[string]any }
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatalf("public settings: %v: %s", err, b)
	}
	return env.Data
}

// A setting's life: the value shows where the server uses it, the item
// keeps its type, group and visibility (a private secret stays private),
// and destroy puts back the value from before.
func TestAccSetting_lifecycle(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		ctx := t0()
		title, err := e.client.Setting(ctx, "site_title")
		if err != nil {
			t.Fatal(err)
		}
		secret, err := e.client.Setting(ctx, "ldap_manager_password")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = e.client.SaveSetting(t0(), title); _ = e.client.SaveSetting(t0(), secret) })
		cfg := func(v string) string {
			return e.providerConfig() + fmt.Sprintf(`resource "alist_setting" "title" {
  key   = "site_title"
  value = %q
}
resource "alist_setting" "ldap" {
  key             = "ldap_manager_password"
  sensitive_value = "ldap-secret-1"
}
`, v)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy: func(*terraform.State) error {
				if got := publicSettings(t, e)["site_title"]; got != title.Value {
					return fmt.Errorf("after destroy site_title is %v, want the original %q back", got, title.Value)
				}
				if s, _ := e.client.Setting(t0(), "ldap_manager_password"); s == nil || s.Value != secret.Value {
					return fmt.Errorf("after destroy ldap_manager_password was not put back")
				}
				return nil
			},
			Steps: []resource.TestStep{
				{
					Config: cfg("Team Files"),
					Check: func(*terraform.State) error {
						pub := publicSettings(t, e)
						if pub["site_title"] != "Team Files" {
							return fmt.Errorf("the public site_title is %v", pub["site_title"])
						}
						if _, leaked := pub["ldap_manager_password"]; leaked {
							return fmt.Errorf("the private ldap_manager_password became public: the item was not sent back whole")
						}
						for _, want := range []*alist.Setting{title, secret} {
							got, err := e.client.Setting(t0(), want.Key)
							if err != nil {
								return err
							}
							if got.Type != want.Type || got.Group != want.Group || got.Flag != want.Flag || got.Help != want.Help {
								return fmt.Errorf("%s lost its item: %+v, was %+v", want.Key, *got, *want)
							}
						}
						return nil
					},
				},
				{Config: cfg("Team Files 2"), Check: func(*terraform.State) error {
					if got := publicSettings(t, e)["site_title"]; got != "Team Files 2" {
						return fmt.Errorf("the public site_title is %v", got)
					}
					return nil
				}},
				{
					// changed in the web UI: planned back
					PreConfig: func() {
						s, _ := e.client.Setting(t0(), "site_title")
						s.Value = "edited by hand"
						if err := e.client.SaveSetting(t0(), s); err != nil {
							t.Fatal(err)
						}
					},
					Config: cfg("Team Files 2"),
					Check: func(*terraform.State) error {
						if got := publicSettings(t, e)["site_title"]; got != "Team Files 2" {
							return fmt.Errorf("the hand edit was not put back: %v", got)
						}
						return nil
					},
				},
				{ResourceName: "alist_setting.title", ImportState: true, ImportStateId: "site_title", ImportStateVerify: true},
			},
		})
	})
}

// Keys and values refused at plan.
func TestAccSetting_badInput(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		setting := func(key, value string) string {
			return e.providerConfig() + fmt.Sprintf("resource \"alist_setting\" \"s\" {\n  key = %q\n  value = %q\n}\n", key, value)
		}
		for _, tc := range []struct{ name, config, want string }{
			{"unknown key", setting("site_titel", "x"), `no setting "site_titel". Did you mean "site_title"`},
			{"read-only", setting("version", "v9"), `"version" is read-only`},
			{"bool", setting("sign_all", "yes"), `"sign_all" is a true/false setting, got "yes"`},
			{"token", setting("token", "x"), `the server's admin token`},
			{"neither", e.providerConfig() + "resource \"alist_setting\" \"s\" {\n  key = \"site_title\"\n}\n", `Exactly one of these attributes must be configured: \[value,sensitive_value,value_wo\]`},
		} {
			t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
				before := publicSettings(t, e)
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: e.factories(),
					Steps:                    []resource.TestStep{{Config: tc.config, PlanOnly: true, ExpectError: re(tc.want)}},
				})
				if after := publicSettings(t, e); fmt.Sprint(after) != fmt.Sprint(before) {
					t.Fatal("a refused plan changed the settings")
				}
			})
		}
	})
}

// A public setting whose name looks like a secret (v3.62's
// device_session_ttl) is served to anyone: alist_settings shows it and
// alist_setting imports it into `value`, by the same rule.
func TestAccSetting_publicSecretLooking(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		all, err := e.client.Settings(t0(), -1)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(all, func(s alist.Setting) bool {
			return s.Flag == alist.SettingPublic && secretLooking(s.Key) && !secretValue(s.Value)
		})
		if i < 0 {
			// v3.38 and OpenList have none; v3.62's device_session_ttl is one.
			if !externalServer && f == alisttest.AListV362 {
				t.Fatal("v3.62 lists no public setting with a secret-looking name (device_session_ttl)")
			}
			t.Logf("%s has no public setting with a secret-looking name: nothing to import", f)
			return
		}
		item := all[i]
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.providerConfig() + fmt.Sprintf("resource \"alist_setting\" \"s\" {\n  key = %q\n  value = %q\n}\ndata \"alist_settings\" \"g\" {\n  group = %q\n}\n",
					item.Key, item.Value, settingGroups[item.Group]),
				Check: func(s *terraform.State) error {
					attrs := attrsOf(s, "data.alist_settings.g")
					for k, v := range attrs {
						if strings.HasSuffix(k, ".key") && v == item.Key {
							pre := strings.TrimSuffix(k, "key")
							if attrs[pre+"sensitive"] != "false" || attrs[pre+"value"] != item.Value {
								return fmt.Errorf("alist_settings masks the public %s: sensitive %s, value %q", item.Key, attrs[pre+"sensitive"], attrs[pre+"value"])
							}
							return nil
						}
					}
					return fmt.Errorf("alist_settings does not list %s", item.Key)
				},
			}, {
				// imported into value, as configured: the same rule as alist_settings
				ResourceName: "alist_setting.s", ImportState: true, ImportStateId: item.Key, ImportStateVerify: true,
			}},
		})
	})
}

// A setting's value is checked against its type and choices, except the
// choices the server computes.
func TestCheckSettingValue(t *testing.T) {
	for _, c := range []struct {
		item alist.Setting
		v    string
		ok   bool
	}{
		{alist.Setting{Key: "sign_all", Type: "bool"}, "true", true},
		{alist.Setting{Key: "sign_all", Type: "bool"}, "yes", false},
		{alist.Setting{Key: "link_expiration", Type: "number"}, "30", true},
		{alist.Setting{Key: "link_expiration", Type: "number"}, "soon", false},
		{alist.Setting{Key: "site_title", Type: "string"}, "anything", true},
		{alist.Setting{Key: "package_download", Type: "select", Options: "none,zip"}, "zip", true},
		{alist.Setting{Key: "package_download", Type: "select", Options: "none,zip"}, "tar", false},
		{alist.Setting{Key: "search_index", Type: "select"}, "meilisearch", true},
		{alist.Setting{Key: "default_role", Type: "select", Options: "guest,general"}, "a_new_role", true},
	} {
		if err := checkSettingValue(&c.item, c.v); (err == nil) != c.ok {
			t.Errorf("checkSettingValue(%s %s, %q) = %v, want ok %v", c.item.Key, c.item.Type, c.v, err, c.ok)
		}
	}
}
