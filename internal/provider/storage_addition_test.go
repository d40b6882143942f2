package provider

import (
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
	if got := checkAddition("WebDav", info, map[string]*string{"address": s("http://x")}, nil, true); len(got) != 1 || got[0].attr != "sensitive_addition" {
		t.Errorf("new storage without its password: %+v, want one finding pointing to sensitive_addition", got)
	}
	if got := checkAddition("WebDav", info, map[string]*string{"address": s("http://x")}, nil, false); len(got) != 0 {
		t.Errorf("existing storage without its password: %+v, want none", got)
	}
	if got := checkAddition("WebDav", info, map[string]*string{"address": s("http://x"), "tls": nil}, map[string]*string{"password": nil}, true); len(got) != 0 {
		t.Errorf("unknown values: %+v, want none", got)
	}
	if got := checkAddition("WebDav", info, map[string]*string{"address": s("x"), "tls": s("yes"), "nope": nil}, map[string]*string{"password": s("p")}, true); len(got) != 2 {
		t.Errorf("a bad bool and an unknown key: %+v, want two findings", got)
	}
}
