package provider

import (
	"testing"
)

// What makes a driver setting or a value a secret, kept out of plain
// attributes, imports and generated configurations.
func TestSecrets(t *testing.T) {
	for key, want := range map[string]bool{
		"password": true, "meta_password": true, "access_key_id": true, "secret_access_key": true, "refresh_token": true,
		"cookie": true, "salt": true, "token_expires_in": false, "root_folder_path": false, "url": false, "username": false,
	} {
		if got := secretLooking(key); got != want {
			t.Errorf("secretLooking(%q) = %v, want %v", key, got, want)
		}
	}
	for v, want := range map[string]bool{
		"http://user:pw@host:6800/jsonrpc": true, "http://user@host": false, "https://host/": false, "plain": false,
	} {
		if got := secretValue(v); got != want {
			t.Errorf("secretValue(%q) = %v, want %v", v, got, want)
		}
	}
}
