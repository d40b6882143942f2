package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

var flavorKinds = map[alisttest.Flavor]string{alisttest.AListV338: "AList v3", alisttest.AListV362: "AList v3", alisttest.OpenListV4: "OpenList"}

// alist_me reports the configured account as the server describes it to
// the test's own client, and alist_server the server's version and kind;
// on the local server, exactly the flavour's.
func TestAccMeAndServerDataSources(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		checks := []statecheck.StateCheck{
			expectString("data.alist_me.me", "username", e.username),
			statecheck.ExpectKnownValue("data.alist_server.s", tfjsonpath.New("version"), knownvalue.StringRegexp(re(`^(v\d+\.\d+\.\d+|dev)`))),
			statecheck.ExpectKnownValue("data.alist_server.s", tfjsonpath.New("kind"), knownvalue.StringRegexp(re(`^(AList v3|OpenList)$`))),
		}
		if e.server != nil {
			checks = append(checks, expectString("data.alist_me.me", "role", "admin"),
				expectString("data.alist_server.s", "version", f.Version()), expectString("data.alist_server.s", "kind", flavorKinds[f]))
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config:            e.providerConfig() + "data \"alist_me\" \"me\" {}\ndata \"alist_server\" \"s\" {}\n",
				ConfigStateChecks: checks,
				Check:             e.checkMe("data.alist_me.me"),
			}},
		})
	})
}

// checkMe compares alist_me with what /api/me tells the test's own client.
func (e *testEnv) checkMe(addr string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		me, err := e.client.Me(t0())
		if err != nil {
			return err
		}
		info, err := e.client.Info(t0())
		if err != nil {
			return err
		}
		for k, v := range map[string]string{
			"id": fmt.Sprint(me.ID), "username": me.Username, "base_path": me.BasePath, "role": roleName(me.Role),
			"permission_bits": fmt.Sprint(me.Permission), "disabled": fmt.Sprint(me.Disabled), "otp_enabled": fmt.Sprint(me.OTP),
			"permissions.#": fmt.Sprint(len(permissionNames(permissionTable(info), me.Permission))),
		} {
			if err := resource.TestCheckResourceAttr(addr, k, v)(s); err != nil {
				return err
			}
		}
		return nil
	}
}

// A limited account is described the same on every flavour, whatever shape
// /api/me has there (v3.62 sends a list of roles and per-path permissions).
func TestAccMeDataSource_limitedAccount(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f, Users: []alisttest.User{{Username: "editor", Password: "editor-pass", Permission: 1<<3 | 1<<4 | 1<<7, BasePath: "/local"}}})
		e.needsLocal(whySecondUser)
		ed := e.withCredentials("editor", "editor-pass")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: ed.factories(),
			Steps: []resource.TestStep{{
				Config: ed.providerConfig() + "data \"alist_me\" \"me\" {}\n",
				ConfigStateChecks: []statecheck.StateCheck{
					expectString("data.alist_me.me", "username", "editor"),
					expectString("data.alist_me.me", "role", "general"),
					expectString("data.alist_me.me", "base_path", "/local"),
					statecheck.ExpectKnownValue("data.alist_me.me", tfjsonpath.New("permission_bits"), knownvalue.Int64Exact(1<<3|1<<4|1<<7)),
					statecheck.ExpectKnownValue("data.alist_me.me", tfjsonpath.New("permissions"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("write"), knownvalue.StringExact("rename"), knownvalue.StringExact("remove")})),
					statecheck.ExpectKnownValue("data.alist_me.me", tfjsonpath.New("otp_enabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("data.alist_me.me", tfjsonpath.New("disabled"), knownvalue.Bool(false)),
				},
			}},
		})
	})
}

// A self-built server says `version: dev`: alist_server still tells the
// kinds apart, by the routes the server answers.
func TestAccServerDataSource_devVersion(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f, Version: "dev"})
		e.needsLocal(whyVersionProbe)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config:            e.providerConfig() + "data \"alist_server\" \"s\" {}\n",
				ConfigStateChecks: []statecheck.StateCheck{expectString("data.alist_server.s", "version", "dev"), expectString("data.alist_server.s", "kind", flavorKinds[f])},
			}},
		})
	})
}

func TestPermissionNames(t *testing.T) {
	for _, tc := range []struct {
		table []string
		bits  int32
		want  string
	}{
		{basePermissions, 0, ""},
		{basePermissions, 1<<3 | 1<<7, "write remove"},
		{basePermissions, 0x3ff, "see_hidden access_without_password offline_download write rename move copy remove webdav_read webdav_manage"},
		{basePermissions, 1<<9 | 1<<10 | 1<<15, "webdav_manage bit_10 bit_15"},
		{rolePermissions, 1<<14 | 1<<16, "path_limit mcp_write"},
		{openListPermissions, 0x71FF, "see_hidden access_without_password offline_download write rename move copy remove webdav_read read_archives decompress share"},
		{basePermissions, -1 << 31, "bit_31"},
	} {
		got := permissionNames(tc.table, tc.bits)
		if strings.Join(got, " ") != tc.want {
			t.Errorf("permissionNames(%#x) = %q, want %q", tc.bits, got, tc.want)
		}
		named := permissionNames(tc.table, tc.bits&namedMask(tc.table))
		back, err := permissionBits(tc.table, named, "this server")
		if err != nil || back != tc.bits&namedMask(tc.table) {
			t.Errorf("permissionBits(%v) = %#x, %v; want %#x", named, back, err, tc.bits&namedMask(tc.table))
		}
	}
	if _, err := permissionBits(basePermissions, []string{"bit_12"}, "AList v3.38.0"); err == nil {
		t.Error("bit_12, which v3.38 does not have, was accepted")
	}
	if _, err := permissionBits(basePermissions, []string{"share"}, "AList v3.38.0"); err == nil || !strings.Contains(err.Error(), `"share" is not a permission of AList v3.38.0; its permissions are: see_hidden,`) {
		t.Errorf("an unknown name: %v", err)
	}
}
