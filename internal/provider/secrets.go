package provider

import (
	"net/url"
	"strings"
)

// secretLooking tells the driver settings that hold credentials by their
// name: they belong in sensitive_addition and are never imported.
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
