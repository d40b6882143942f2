package alisttest

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// userReplayPlan replays an admin-user transcript whole. Its <TOKEN> is the
// static admin token on /api/admin and tx_user's latest JWT elsewhere, so
// the segment sends the admin token on /api/admin (staticAdmin).
func userReplayPlan(file string) replayPlan {
	return replayPlan{name: "admin-user", segments: []segment{{file: file, staticAdmin: true}}}
}

// tokenFor is the Authorization a replayed request carries for <TOKEN>.
func (r *replayer) tokenFor(target string) string {
	if r.staticAdmin && strings.HasPrefix(target, "/api/admin/") {
		return r.s.AdminToken()
	}
	return r.token
}

// userRows lists the users as the admin sees them.
func userRows(t *testing.T, admin *client) []map[string]any {
	t.Helper()
	var d struct{ Content []map[string]any }
	if err := json.Unmarshal(admin.get("/api/admin/user/list").ok(t).Data, &d); err != nil {
		t.Fatal(err)
	}
	return d.Content
}

func TestAdminUserPasswordAndTokens(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, Users: []User{{Username: "u", Password: "old", BasePath: "/local"}}})
		admin := adminClient(t, s)
		u := newClient(t, s)
		u.login("u", "old").ok(t)
		row := userRows(t, admin)[2]
		if row["password"] != "" || row["username"] != "u" {
			t.Fatalf("row %v", row)
		}
		row["password"] = "new"
		admin.post("/api/admin/user/update", row).ok(t)
		u.get("/api/me").is(t, 401, "Password has been changed, login please")
		u.login("u", "old").is(t, fl.errWrongPassword().code, fl.errWrongPassword().msg)
		u.login("u", "new").ok(t)
		// A password sent non-empty kills the tokens again, an empty one
		// after that no longer does (pwd_ts stays 0).
		row["password"] = ""
		admin.post("/api/admin/user/update", row).ok(t)
		u.get("/api/me").is(t, 401, "Password has been changed, login please")
		u.login("u", "new").ok(t)
		admin.post("/api/admin/user/update", row).ok(t)
		u.get("/api/me").ok(t)
		if got, _ := s.UserByName("u"); got.Password != "new" {
			t.Errorf("UserByName: %+v", got)
		}
	})
}

func TestAdminUserGuards(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		admin := adminClient(t, s)
		adminID, guestID := 1, 2
		if fl == AListV362 {
			adminID, guestID = 2, 1
		}
		for _, id := range []int{adminID, guestID} {
			admin.post("/api/admin/user/delete?id="+strconv.Itoa(id), nil).is(t, 500, "cannot delete admin or guest")
		}
		admin.post("/api/admin/user/delete", nil).is(t, 400, `strconv.Atoi: parsing "": invalid syntax`)
		row := userRows(t, admin)[adminID-1]
		row["disabled"] = true
		want := errAdminDisabled
		if fl == AListV362 {
			want = errJSONContainsSQLit
		}
		admin.post("/api/admin/user/update", row).is(t, want.code, want.msg)
		admin.post("/api/admin/user/del_cache?username=nobody", nil).is(t, 500, "failed find user: record not found")
		admin.post("/api/admin/user/del_cache?username=admin", nil).ok(t)
	})
}

func TestAdminUserCancel2FA(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, Users: []User{{Username: "o", Password: "p", OTPSecret: "JBSWY3DPEHPK3PXP"}}})
		admin := adminClient(t, s)
		newClient(t, s).login("o", "p").is(t, 402, "Invalid 2FA code")
		admin.post("/api/admin/user/cancel_2fa?id=3", nil).ok(t)
		newClient(t, s).login("o", "p").ok(t)
		admin.post("/api/admin/user/cancel_2fa?id=99", nil).is(t, 500, "failed get old user: record not found")
	})
}

// v3.62 only: a user made without roles gets default_role, a role's scope
// becomes the base path, and Options users keep working through roles.
func TestAdminUserV362Roles(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Flavor: AListV362, Users: []User{
		{Username: "bits", Password: "p", Permission: PermWrite},
		{Username: "named", Password: "p", Roles: []string{"general"}},
	}})
	admin := adminClient(t, s)
	admin.post("/api/admin/setting/save", []settingItem{{Key: "default_role", Value: "general"}}).ok(t)
	admin.post("/api/admin/user/create", map[string]any{"username": "d", "base_path": "/q"}).ok(t)
	for name, want := range map[string]string{"bits": "alisttest_bits", "named": "general", "d": "general"} {
		u, ok := s.UserByName(name)
		if !ok || len(u.Roles) != 1 || u.Roles[0] != want {
			t.Errorf("%s: %+v, want role %s", name, u, want)
		}
	}
	if u, _ := s.UserByName("d"); u.BasePath != "/" {
		t.Errorf("d's base path %q, want the general role's /", u.BasePath)
	}
	var me struct {
		Permission  int32
		Permissions []permScope
	}
	c := newClient(t, s)
	c.login("bits", "p").ok(t)
	_ = json.Unmarshal(c.get("/api/me").ok(t).Data, &me)
	if me.Permission != 0 || len(me.Permissions) != 1 || me.Permissions[0] != (permScope{"/", PermWrite}) {
		t.Errorf("/api/me of bits: %+v", me)
	}
}
