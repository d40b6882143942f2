package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

func TestRepeatsBasePath(t *testing.T) {
	v338, v362, openList := alist.ParseServerInfo("v3.38.0"), alist.ParseServerInfo("v3.62.0"), alist.ParseServerInfo("v4.2.5 (Commit: abc)")
	for _, tc := range []struct {
		name       string
		info       alist.ServerInfo
		base, path string
		placed     string
		repeats    bool
	}{
		{"no base path", v338, "/", "/local/x.txt", "/local/x.txt", false},
		{"relative to the base", v338, "/local/deploy", "/x.txt", "/local/deploy/x.txt", false},
		{"repeats the base on v3.38", v338, "/local/deploy", "/local/deploy/x.txt", "/local/deploy/local/deploy/x.txt", true},
		{"repeats the base on OpenList", openList, "/local/deploy", "/local/deploy/a/x.txt", "/local/deploy/local/deploy/a/x.txt", true},
		{"the base itself", openList, "/local/deploy", "/local/deploy", "/local/deploy/local/deploy", true},
		{"a sibling with the same prefix", v338, "/local/deploy", "/local/deployment/x.txt", "/local/deploy/local/deployment/x.txt", false},
		{"absolute on v3.62", v362, "/local/deploy", "/local/deploy/x.txt", "/local/deploy/x.txt", false},
		{"base path with a trailing slash", v338, "/local/deploy/", "/local/deploy/x.txt", "/local/deploy/local/deploy/x.txt", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.info.PlacedPath(tc.base, tc.path); got != tc.placed {
				t.Errorf("PlacedPath = %q, want %q", got, tc.placed)
			}
			if got := repeatsBasePath(tc.info, tc.base, tc.path); got != tc.repeats {
				t.Errorf("repeatsBasePath = %v, want %v", got, tc.repeats)
			}
		})
	}
}

// deployUser is an account confined to a base path, allowed to upload and remove.
var deployUser = alisttest.User{Username: "deploy", Password: "deploy-pass", BasePath: "/local/deploy", Permission: alisttest.PermWrite | alisttest.PermRemove}

// The plan-time warning names where the server will really put the file,
// on the servers that prefix the base path, and says nothing on v3.62.
func TestWarnBasePath(t *testing.T) {
	for _, f := range flavors {
		t.Run(f.String(), func(t *testing.T) {
			srv := alisttest.NewServer(t, alisttest.Options{Flavor: f, Users: []alisttest.User{deployUser}})
			s, err := alist.NewSession(alist.Config{URL: srv.URL, Username: deployUser.Username, Password: deployUser.Password})
			if err != nil {
				t.Fatal(err)
			}
			d := &providerData{session: s}
			var diags diag.Diagnostics
			// At plan, a session not logged in yet stays so: no login for a warning.
			d.warnBasePath(context.Background(), path.Root("path"), "/local/deploy/app.txt", true, &diags)
			if len(diags) != 0 || srv.Logins() != 0 {
				t.Fatalf("the plan-time check logged in (%d) or warned: %v", srv.Logins(), diags)
			}
			d.warnBasePath(context.Background(), path.Root("path"), "/local/deploy/app.txt", false, &diags)
			d.warnBasePath(context.Background(), path.Root("path"), "/app.txt", true, &diags)
			switch {
			case f == alisttest.AListV362 && len(diags) != 0:
				t.Errorf("v3.62 takes the path as absolute, yet: %v", diags)
			case f != alisttest.AListV362 && (len(diags) != 1 || diags.HasError() ||
				!strings.Contains(diags[0].Detail(), `is placed at "/local/deploy/local/deploy/app.txt"`) || !strings.Contains(diags[0].Detail(), `("/app.txt")`)):
				t.Errorf("want one warning naming the real path and the relative one, got %v", diags)
			}
		})
	}
}

// The effect on the server: the same configuration puts the file below the
// base path twice on v3.38 and OpenList, and where it says on v3.62.
func TestAccFile_basePathAccount(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f, Users: []alisttest.User{deployUser}})
		e.needsLocal(whySecondUser)
		dep := e.withCredentials(deployUser.Username, deployUser.Password)
		const p = "/local/deploy/app.txt"
		placed, other := "/local/deploy/local/deploy/app.txt", p
		if f == alisttest.AListV362 {
			placed, other = other, placed
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: dep.factories(),
			CheckDestroy:             e.checkGone(placed),
			Steps: []resource.TestStep{{
				Config: fileConfig(dep, "a", p, `content = "deployed"`),
				Check: func(*terraform.State) error {
					if got, err := e.server.ReadFile(placed); err != nil || string(got) != "deployed" {
						return fmt.Errorf("%s holds %q (%v), want the file", placed, got, err)
					}
					if e.server.Exists(other) {
						return fmt.Errorf("%s exists too", other)
					}
					return nil
				},
			}},
		})
	})
}
