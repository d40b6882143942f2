package alisttest

import (
	"encoding/json"
	"testing"
)

// roleReplayPlan replays the v3.62 role transcript whole, as the admin.
// The recording server had made and deleted a user before (its user made
// here got id 4): the setup uses up id 3 the same way.
func roleReplayPlan() replayPlan {
	return replayPlan{name: "admin-role", setup: useUpUserID,
		segments: []segment{{file: "admin-role-alist-v3.62.out"}}}
}

func useUpUserID(s *Server) error {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	s.auth.nextUserID++
	return nil
}

// deployPerm is what the deploy user may do: upload and remove.
const deployPerm = PermWrite | PermRemove

// deployServer is a server with /local/deploy and a user "dep" allowed
// deployPerm there: through a role scoped to /local/deploy on v3.62
// (whose base path is then "/", so only the scope confines it), through
// its permission bits and base path elsewhere.
func deployServer(t *testing.T, fl Flavor) (*Server, *client) {
	t.Helper()
	s := NewServer(t, Options{Flavor: fl})
	for _, d := range []string{"/local/deploy", "/local/other"} {
		if err := s.Mkdir(d); err != nil {
			t.Fatal(err)
		}
	}
	admin := adminClient(t, s)
	user := map[string]any{"username": "dep", "password": "p", "base_path": "/local/deploy", "permission": deployPerm}
	if fl == AListV362 {
		admin.post("/api/admin/role/create", map[string]any{"name": "deploy",
			"permission_scopes": []permScope{{"/local/deploy", deployPerm}}}).ok(t)
		user["role"], user["permission"] = []int{4}, 0
	}
	admin.post("/api/admin/user/create", user).ok(t)
	if fl == AListV362 {
		if u, _ := s.UserByName("dep"); u.BasePath != "/local/deploy" {
			t.Fatalf("base path %q, want the role's scope", u.BasePath)
		}
		user["id"], user["base_path"] = 3, "/"
		admin.post("/api/admin/user/update", user).ok(t)
	}
	dep := newClient(t, s)
	dep.login("dep", "p").ok(t)
	return s, dep
}

func TestRolePermissionsEnforced(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, dep := deployServer(t, fl)
		// The same requests mean the same folders: v3.62 takes paths as
		// absolute, the others below the base path.
		in, elsewhere := "/local/deploy", "/local/other"
		if fl != AListV362 {
			in, elsewhere = "/", "/../other"
		}
		dep.put(in+"/app.txt", "v1").ok(t)
		if got, err := s.ReadFile("/local/deploy/app.txt"); err != nil || string(got) != "v1" {
			t.Fatalf("uploaded file: %q %v", got, err)
		}
		dep.post("/api/fs/rename", map[string]any{"path": in + "/app.txt", "name": "b.txt"}).is(t, 403, "permission denied")
		dep.post("/api/fs/mkdir", map[string]any{"path": in + "/sub"}).ok(t)
		dep.post("/api/fs/remove", map[string]any{"dir": in, "names": []string{"sub"}}).ok(t)
		if fl == AListV362 {
			// Outside the role's scope, with the base path "/".
			dep.put(elsewhere+"/app.txt", "x").is(t, 403, "permission denied")
			dep.post("/api/fs/mkdir", map[string]any{"path": elsewhere + "/sub"}).is(t, 403, "permission denied")
			dep.post("/api/fs/remove", map[string]any{"dir": "/local", "names": []string{"other"}}).is(t, 403, "permission denied")
		} else {
			dep.put(elsewhere+"/app.txt", "x").is(t, 403, fl.msgRelativePath())
		}
		if _, err := s.ReadFile("/local/other/app.txt"); err == nil {
			t.Error("a write outside the allowed folder went through")
		}
	})
}

// scopeRole makes a v3.62 role with one permission scope.
func scopeRole(t *testing.T, admin *client, name, p string, perm int32) {
	t.Helper()
	admin.post("/api/admin/role/create", map[string]any{"name": name, "permission_scopes": []permScope{{p, perm}}}).ok(t)
}

// v3.62: the permission is the OR of the scopes containing the path, from
// every role the user holds; a deleted role's scopes no longer count.
func TestRoleScopesMerge(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Flavor: AListV362})
	admin := adminClient(t, s)
	scopeRole(t, admin, "w", "/local", PermWrite)
	scopeRole(t, admin, "r", "/local/a", PermRename)
	admin.post("/api/admin/user/create", map[string]any{"username": "m", "password": "p", "role": []int{4, 5}}).ok(t)
	c := newClient(t, s)
	c.login("m", "p").ok(t)
	var me struct {
		BasePath    string   `json:"base_path"`
		RoleNames   []string `json:"role_names"`
		Permissions []permScope
	}
	_ = json.Unmarshal(c.get("/api/me").ok(t).Data, &me)
	if me.BasePath != "/local" || len(me.RoleNames) != 2 || len(me.Permissions) != 2 {
		t.Fatalf("/api/me: %+v", me)
	}
	c.put("/local/a/f.txt", "x").ok(t)
	c.put("/local/b.txt", "x").ok(t)
	c.post("/api/fs/rename", map[string]any{"path": "/local/a/f.txt", "name": "g.txt"}).ok(t)
	c.post("/api/fs/rename", map[string]any{"path": "/local/b.txt", "name": "c.txt"}).is(t, 403, "permission denied")
	admin.post("/api/admin/role/delete?id=4", nil).ok(t)
	c.put("/local/b2.txt", "x").is(t, 403, "permission denied")
	if u, _ := s.UserByName("m"); len(u.Roles) != 1 {
		t.Errorf("roles after the delete: %v", u.Roles)
	}
}

// A role saved with default:true becomes default_role (shown by name) and
// the only default; admin and guest cannot be the default role.
func TestRoleDefault(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Flavor: AListV362})
	admin := adminClient(t, s)
	admin.post("/api/admin/role/create", map[string]any{"name": "dflt", "default": true}).ok(t)
	var it settingItem
	_ = json.Unmarshal(admin.get("/api/admin/setting/get?key=default_role").ok(t).Data, &it)
	if it.Value != "dflt" || it.Options != "general,dflt" {
		t.Errorf("default_role %+v", it)
	}
	if v, _ := s.Setting("default_role"); v != "4" {
		t.Errorf("stored default_role %q, want the id", v)
	}
	admin.post("/api/admin/setting/save", []settingItem{{Key: "default_role", Value: "admin"}}).is(t, 400, "cannot set admin or guest as default role")
	admin.post("/api/admin/setting/save", []settingItem{{Key: "default_role", Value: "nope"}}).is(t, 400, "failed get role: record not found")
	admin.post("/api/admin/user/create", map[string]any{"username": "x", "password": "p"}).ok(t)
	if u, _ := s.UserByName("x"); len(u.Roles) != 1 || u.Roles[0] != "dflt" {
		t.Errorf("user made without roles: %+v", u)
	}
}
