package provider

import "testing"

// One "did you mean" for driver names and setting keys.
func TestDidYouMean(t *testing.T) {
	drivers := []string{"Local", "WebDav", "AList V3", "S3", "115 Cloud", "Aliyundrive", "AliyundriveOpen"}
	keys := []string{"site_title", "site_logo", "sso_client_secret", "sso_client_id", "ldap_manager_password", "link_expiration"}
	for _, c := range []struct {
		s     string
		names []string
		want  string
	}{
		{"local", drivers, ` Did you mean "Local"?`},
		{"WebDAV", drivers, ` Did you mean "WebDav"?`},
		{"alist_v3", drivers, ` Did you mean "AList V3"?`},
		{"aliyun", drivers, ` Did you mean "Aliyundrive" or "AliyundriveOpen"?`},
		{"s4", drivers, ""}, // too short to guess from
		{"Dropbox", drivers, ""},
		{"site_titel", keys, ` Did you mean "site_title"?`},
		{"sso_client", keys, ` Did you mean "sso_client_secret" or "sso_client_id"?`},
		{"ldap_password", keys, ` Did you mean "ldap_manager_password"?`},
		{"expiration_link", keys, ` Did you mean "link_expiration"?`},
		{"nothing_near", keys, ""},
	} {
		if got := didYouMean(c.s, c.names); got != c.want {
			t.Errorf("didYouMean(%q) = %q, want %q", c.s, got, c.want)
		}
	}
}
