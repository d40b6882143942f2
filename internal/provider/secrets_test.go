package provider

import (
	"testing"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// What makes a field a secret, for every resource and data source: kept
// out of plain attributes, imports and generated configurations, masked by
// the data sources.
func TestSecrets(t *testing.T) {
	for _, c := range []struct {
		key, value string
		public     bool
		want       bool
	}{
		// by the name (a driver's field: never public)
		{"password", "", false, true},
		{"meta_password", "", false, true},
		{"access_key_id", "", false, true},
		{"secret_access_key", "", false, true},
		{"refresh_token", "", false, true},
		{"cookie", "", false, true},
		{"salt", "", false, true},
		{"token_expires_in", "", false, false},
		{"root_folder_path", "", false, false},
		{"url", "", false, false},
		{"username", "", false, false},
		// by the value, whatever the name
		{"url", "http://user:pw@host:6800/jsonrpc", false, true},
		{"url", "http://user@host", false, false},
		{"url", "https://host/", false, false},
		{"url", "plain", false, false},
		// a public field is shown to anyone: not a secret by its name alone
		{"device_session_ttl", "86400", true, false},
		{"device_session_ttl", "86400", false, true},
		{"aria2_uri", "http://user:pw@host:6800/jsonrpc", true, true},
	} {
		if got := isSecret(c.key, c.value, c.public); got != c.want {
			t.Errorf("isSecret(%q, %q, public=%v) = %v, want %v", c.key, c.value, c.public, got, c.want)
		}
	}
}

// alist_settings masks, and alist_setting imports into sensitive_value,
// the same settings: one rule for both.
func TestSettingSecret(t *testing.T) {
	for _, c := range []struct {
		setting alist.Setting
		want    bool
	}{
		{alist.Setting{Key: "token", Value: "abc", Flag: alist.SettingPrivate}, true},
		{alist.Setting{Key: "ldap_manager_password", Value: "", Flag: alist.SettingPrivate}, true},
		{alist.Setting{Key: "sso_client_secret", Value: "s", Flag: alist.SettingPrivate}, true},
		{alist.Setting{Key: "device_session_ttl", Value: "86400", Flag: alist.SettingPublic}, false},
		{alist.Setting{Key: "site_title", Value: "AList", Flag: alist.SettingPublic}, false},
		{alist.Setting{Key: "aria2_uri", Value: "http://u:pw@host:6800/jsonrpc", Flag: alist.SettingPrivate}, true},
	} {
		if got := settingSecret(&c.setting); got != c.want {
			t.Errorf("settingSecret(%+v) = %v, want %v", c.setting, got, c.want)
		}
	}
}
