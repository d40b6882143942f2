package provider

import (
	"encoding/json"
	"maps"
	"testing"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// Required fields are asked of new storages only: an imported one may
// leave its secrets to the server. Unknown values are checked by key only.
func TestCheckAdditionRequired(t *testing.T) {
	info := &alist.DriverInfo{Additional: []alist.DriverItem{
		{Name: "address", Type: "string", Required: true},
		{Name: "password", Type: "string", Required: true},
		{Name: "tls", Type: "bool"},
	}}
	s := func(v string) *string { return &v }
	if got := checkAddition("WebDav", info, map[string]*string{"address": s("http://x")}, nil, "sensitive_addition", true); len(got) != 1 || got[0].attr != "sensitive_addition" {
		t.Errorf("new storage without its password: %+v, want one finding pointing to sensitive_addition", got)
	}
	if got := checkAddition("WebDav", info, map[string]*string{"address": s("http://x")}, nil, "sensitive_addition", false); len(got) != 0 {
		t.Errorf("existing storage without its password: %+v, want none", got)
	}
	if got := checkAddition("WebDav", info, map[string]*string{"address": s("http://x"), "tls": nil}, map[string]*string{"password": nil}, "sensitive_addition", true); len(got) != 0 {
		t.Errorf("unknown values: %+v, want none", got)
	}
	if got := checkAddition("WebDav", info, map[string]*string{"address": s("x"), "tls": s("yes"), "nope": nil}, map[string]*string{"password": s("p")}, "sensitive_addition", true); len(got) != 2 {
		t.Errorf("a bad bool and an unknown key: %+v, want two findings", got)
	}
}

// An import keeps the settings that differ from what a storage created
// without them holds: the driver's default, or the zero value of a field
// without one. Secrets never; and a storage created from what is kept
// (newAddition) holds the same addition again.
func TestReadAdditionImport(t *testing.T) {
	info := &alist.DriverInfo{Additional: []alist.DriverItem{
		{Name: "root_folder_path", Type: "string", Default: "/", Required: true},
		{Name: "thumbnail", Type: "bool", Required: true},          // no default: false
		{Name: "show_hidden", Type: "bool", Default: "true"},       // set to its non-default
		{Name: "thumb_concurrency", Type: "string", Default: "16"}, // emptied: not the default
		{Name: "video_thumb_pos", Type: "string", Default: "20%"},  // written by the driver at start
		{Name: "sign_url_expire", Type: "number", Default: "4"},    // a number as the server holds it
		{Name: "retries", Type: "int"},                             // a number without default: 0
		{Name: "vendor", Type: "select", Default: "other", Options: "sharepoint,other"},
		{Name: "storage_class", Type: "select", Options: ",standard,glacier"}, // a select without default: ""
		{Name: "password", Type: "string"},
		{Name: "proxy", Type: "string"}, // a URL with a password in it
	}}
	server := map[string]any{
		"root_folder_path": "/srv/data", "thumbnail": false, "show_hidden": false, "thumb_concurrency": "",
		"video_thumb_pos": "20%", "sign_url_expire": json.Number("4"), "retries": json.Number("0"), "vendor": "sharepoint",
		"storage_class": "", "password": "p", "proxy": "http://u:pw@proxy:3128",
	}
	got := readAddition(info, server, nil, nil, true)
	want := map[string]string{"root_folder_path": "/srv/data", "show_hidden": "false", "thumb_concurrency": "", "vendor": "sharepoint"}
	if !maps.Equal(got, want) {
		t.Fatalf("imported addition = %v, want %v", got, want)
	}
	restored, err := newAddition(info, got, map[string]string{"password": "p", "proxy": "http://u:pw@proxy:3128"})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range server {
		if !sameAdditionValue(additionString(v), restored[k]) && (restored[k] != nil || !isDriverDefault(mustField(t, info, k), v)) {
			t.Errorf("restored %s = %v, the original %v", k, restored[k], v)
		}
	}
}

func mustField(t *testing.T, info *alist.DriverInfo, k string) alist.DriverItem {
	t.Helper()
	it, ok := info.Field(k)
	if !ok {
		t.Fatalf("no field %s", k)
	}
	return it
}
