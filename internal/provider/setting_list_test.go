package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// Settings by group and key pattern; the read-only version and the admin
// token never; with include_resource as an import reads them, a secret's
// value left out.
func TestAccSettingList(t *testing.T) {
	useQueryTerraform(t)
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		e.keepSettings("ldap_manager_dn", "ldap_manager_password")
		for k, v := range map[string]string{"ldap_manager_dn": "cn=admin,dc=example", "ldap_manager_password": "ldap-secret-1"} {
			st, err := e.client.Setting(t0(), k)
			if err != nil {
				t.Fatal(err)
			}
			st.Value = v
			if err := e.client.SaveSetting(t0(), st); err != nil {
				t.Fatal(err)
			}
		}
		is := func(key string) queryfilter.QueryFilter {
			return queryfilter.ByResourceIdentity(identityOf(settingIdentity, key))
		}
		checks := listedExactly("alist_setting.manager", settingIdentity, "ldap_manager_dn", "ldap_manager_password")
		checks = append(checks,
			querycheck.ExpectResourceKnownValues("alist_setting.manager", is("ldap_manager_dn"), []querycheck.KnownValueCheck{
				knownValueCheck("key", knownvalue.StringExact("ldap_manager_dn")),
				knownValueCheck("value", knownvalue.StringExact("cn=admin,dc=example")),
				knownValueCheck("sensitive_value", knownvalue.Null()),
			}),
			querycheck.ExpectResourceKnownValues("alist_setting.manager", is("ldap_manager_password"), []querycheck.KnownValueCheck{
				knownValueCheck("value", knownvalue.Null()),
				knownValueCheck("sensitive_value", knownvalue.Null()),
			}),
			querycheck.ExpectLength("alist_setting.one_char", 1),
			querycheck.ExpectIdentity("alist_setting.one_char", identityOf(settingIdentity, "ldap_manager_dn")),
			querycheck.ExpectIdentity("alist_setting.site", identityOf(settingIdentity, "site_title")),
			querycheck.ExpectNoIdentity("alist_setting.site", identityOf(settingIdentity, "version")),
			querycheck.ExpectLength("alist_setting.other_group", 0),
			querycheck.ExpectLength("alist_setting.token", 0),
		)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Query: true,
				Config: e.queryConfig(nil,
					listBlock("alist_setting", "manager", "    group = \"ldap\"\n    key_pattern = \"ldap_manager_*\"", "include_resource = true"),
					listBlock("alist_setting", "one_char", "    key_pattern = \"ldap_manager_?n\""),
					listBlock("alist_setting", "site", "    group = \"site\""),
					listBlock("alist_setting", "other_group", "    group = \"style\"\n    key_pattern = \"site_title\""),
					listBlock("alist_setting", "token", "    key_pattern = \"token\""),
				),
				QueryResultChecks: checks,
			}},
		})
	})
}
