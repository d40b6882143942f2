package alisttest

import (
	"strings"
	"testing"
)

// TestVersionOption: a self-built server reports "dev"; the behaviour stays
// the flavour's.
func TestVersionOption(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, Version: "dev"})
		set := newClient(t, s).get("/api/public/settings").ok(t).obj(t)
		if set["version"] != "dev" || set["site_title"] != fl.siteTitle() {
			t.Fatalf("settings %v", set)
		}
		want := fl.errWrongPassword()
		newClient(t, s).login(DefaultAdminUsername, "wrong").is(t, want.code, want.msg)
	})
}

// TestDialectProbes: routes of one dialect answer the web UI's page on the
// others, which is how a client tells a "dev" server's dialect.
func TestDialectProbes(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, Version: "dev",
			Users: []User{{Username: "bob", Password: "bob-pw"}}}) // no bits: on v3.62 they would make a role
		admin := adminClient(t, s)
		bob := newClient(t, s)
		bob.login("bob", "bob-pw").ok(t)

		isHTML := func(r resp, what string) {
			t.Helper()
			if r.status != 200 || r.ctype != "text/html" || !strings.Contains(string(r.raw), "<title>"+fl.siteTitle()+"</title>") {
				t.Fatalf("%s: HTTP %d %s %s, want the web UI's page", what, r.status, r.ctype, trunc(r.raw))
			}
		}

		// Roles: v3.62 only.
		if fl == AListV362 {
			r := admin.get("/api/admin/role/list").ok(t)
			want := `{"code":200,"message":"success","data":{"content":[` +
				`{"id":1,"name":"guest","description":"Guest","default":false,"permission_scopes":[{"path":"/","permission":0}]},` +
				`{"id":2,"name":"admin","description":"Administrator","default":false,"permission_scopes":[{"path":"/","permission":65535}]},` +
				`{"id":3,"name":"general","description":"General User","default":false,"permission_scopes":[{"path":"/","permission":0}]}` +
				`],"total":3}}`
			if string(r.raw) != want {
				t.Fatalf("role/list\n got %s\nwant %s", r.raw, want)
			}
			bob.get("/api/admin/role/list").is(t, 403, "You are not an admin")
			newClient(t, s).get("/api/admin/role/list").is(t, 401, "Guest user is disabled, login please")
			// The rest of the area exists (JSON), implemented or not.
			admin.post("/api/admin/role/create", map[string]any{"name": "x"}).ok(t)
			bob.post("/api/admin/role/create", map[string]any{"name": "x"}).is(t, 403, "You are not an admin")
			admin.get("/api/admin/session/list").is(t, 500, "alisttest: /api/admin/session/list is not implemented by the test server")
			isHTML(admin.send("POST", "/api/admin/role/list", nil), "POST role/list") // wrong method
		} else {
			isHTML(admin.get("/api/admin/role/list"), "admin role/list")
			isHTML(bob.get("/api/admin/role/list"), "non-admin role/list")
			isHTML(admin.post("/api/admin/role/create", map[string]any{"name": "x"}), "role/create")
			isHTML(admin.get("/api/admin/session/list"), "session/list")
		}

		// Manual scans: OpenList only.
		if fl == OpenListV4 {
			r := admin.get("/api/admin/scan/progress").ok(t)
			if want := `{"code":200,"message":"success","data":{"obj_count":0,"is_done":true}}`; string(r.raw) != want {
				t.Fatalf("scan/progress %s, want %s", r.raw, want)
			}
			bob.get("/api/admin/scan/progress").is(t, 403, "You are not an admin")
			isHTML(admin.send("POST", "/api/admin/scan/progress", nil), "POST scan/progress") // wrong method
			admin.post("/api/admin/scan/start", map[string]any{"path": "/"}).is(t, 500, "alisttest: /api/admin/scan/start is not implemented by the test server")
		} else {
			isHTML(admin.get("/api/admin/scan/progress"), "admin scan/progress")
			isHTML(bob.get("/api/admin/scan/progress"), "non-admin scan/progress")
		}

		// The areas all three have answer JSON everywhere.
		bob.get("/api/admin/user/list").is(t, 403, "You are not an admin")
		admin.get("/api/admin/user/list").ok(t)
		isHTML(admin.get("/api/admin/nope/list"), "unknown area")
	})
}
