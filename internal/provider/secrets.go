package provider

import (
	"net/url"
	"strings"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// The one rule of what the provider treats as a secret, for every resource
// and data source: a secret goes in a write-only attribute (write_only.go:
// sensitive_addition_wo, password_wo, value_wo) or a sensitive one
// (sensitive_addition, password, sensitive_value), is never imported into
// the state nor written into a generated configuration, and is masked by
// the data sources.

// isSecret tells a field that holds a credential: by its name, unless the
// server shows the field to anyone anyway (public: a public setting is
// served without signing in), or by its value, whatever its name. An
// unknown value is "" (judged by the name alone).
func isSecret(key, value string, public bool) bool {
	return !public && secretLooking(key) || secretValue(value)
}

// settingSecret is isSecret for one of the server's settings.
func settingSecret(s *alist.Setting) bool {
	return isSecret(s.Key, s.Value, s.Flag == alist.SettingPublic)
}

// secretLooking tells the fields that hold credentials by their name: a
// driver's password, a setting's client secret.
func secretLooking(key string) bool {
	k := strings.ToLower(key)
	if strings.Contains(k, "expire") {
		return false // a lifetime (token_expires_in), not a secret
	}
	for _, s := range []string{"password", "passwd", "secret", "token", "cookie", "credential", "access_key", "accesskey", "salt",
		"private_key", "api_key", "apikey", "app_key", "session", "authorization", "client_key"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

// secretValue tells a value that carries a credential whatever its key's
// name: a URL with a password in it.
func secretValue(v string) bool {
	u, err := url.Parse(v)
	if err != nil || u.User == nil {
		return false
	}
	_, has := u.User.Password()
	return has
}
