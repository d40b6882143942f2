package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// handMade is a server layout made by hand through the admin API, as an
// admin makes it in the web UI, all of it the test's own (below its
// folder, its mount prefix, its names), so that the tests that export it
// run unchanged against a real server.
type handMade struct {
	mountPrefix string   // the storages are mounted below it
	mounts      []string // a CJK name, a name starting with a digit, a WebDav mount with a password
	metaPrefix  string   // the metas' folder
	metas       []string // a public folder (hide, header, write) and a protected one
	user        string   // an account with a base path and permissions (v3.62: a role)
	role        string   // v3.62: a role of the test's own; "" elsewhere
	setting     string   // a setting the test changed
	settingWas  string   // its value before
	secret      string   // the protected folder's password (the WebDav mount's is the admin's)
	password    string   // the account's
	diskDir     string   // the Local storages' folder on the server's disk
	info        alist.ServerInfo
}

func newHandMade(e *testEnv) *handMade {
	t, ctx := e.t, t0()
	t.Helper()
	info, err := e.client.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := time.Now().UnixNano() % 1e9
	h := &handMade{mountPrefix: e.mount("export"), metaPrefix: e.path("export"), secret: fmt.Sprintf("hand-secret-%d", n), password: fmt.Sprintf("user-pass-%d", n), info: info}
	t.Cleanup(func() { e.removeStoragesBelow(h.mountPrefix) })
	dir := e.diskDir(h.metaPrefix)
	h.diskDir = dir
	h.mounts = []string{h.mountPrefix + "/阿里云盘", h.mountPrefix + "/115", h.mountPrefix + "/dav"}
	addition := func(m map[string]any) string { s, _ := additionText(m); return s }
	for i, st := range []alist.Storage{
		{Driver: "Local", Remark: "云盘", Order: 3, CacheExpiration: 30, WebdavPolicy: "native_proxy",
			Addition: addition(map[string]any{"root_folder_path": dir, "mkdir_perm": "750"})},
		{Driver: "Local", Remark: "old", WebdavPolicy: "native_proxy", Addition: addition(map[string]any{"root_folder_path": dir})},
		{Driver: "WebDav", CacheExpiration: 30, WebdavPolicy: "native_proxy",
			Addition: addition(map[string]any{"address": e.url + "/dav", "username": e.username, "password": e.password, "root_folder_path": e.root})},
	} {
		st.MountPath = h.mounts[i]
		id, err := e.client.CreateStorage(ctx, &st)
		if err != nil {
			t.Fatalf("create %s: %v", st.MountPath, err)
		}
		if i == 1 {
			if err := e.client.DisableStorage(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
	}

	if info.HasRoles() {
		h.role = fmt.Sprintf("tf-export-%d", n)
		t.Cleanup(func() {
			if r, err := e.client.RoleByName(t0(), h.role); err == nil {
				_ = e.client.DeleteRole(t0(), r.ID)
			}
		})
		bits, _ := permissionBits(rolePermissions, []string{"write", "remove"}, "")
		if _, err := e.client.CreateRole(ctx, &alist.Role{Name: h.role, Description: "exported",
			PermissionScopes: []alist.PermissionScope{{Path: h.metaPrefix, Permission: bits}, {Path: "/", Permission: 1}}}); err != nil {
			t.Fatalf("create role: %v", err)
		}
	}
	h.user = e.accountName("export")
	u := &alist.User{Username: h.user, Password: h.password, BasePath: h.metaPrefix, Role: []byte("0")}
	if info.HasRoles() {
		r, err := e.client.RoleByName(ctx, h.role)
		if err != nil {
			t.Fatal(err)
		}
		u.SetRoleIDs([]uint{r.ID})
	} else {
		u.Permission, _ = permissionBits(permissionTable(info), []string{"write", "rename"}, "")
	}
	created, err := e.client.CreateUser(ctx, u)
	if err != nil {
		t.Fatalf("create user: %v", err)
	}

	h.metas = []string{h.metaPrefix + "/pub", h.metaPrefix + "/private"}
	t.Cleanup(func() {
		for _, p := range h.metas {
			if m, err := e.client.MetaByPath(t0(), p); err == nil {
				_ = e.client.DeleteMeta(t0(), m.ID)
			}
		}
	})
	pub := alist.Meta{Path: h.metas[0], Write: true, Hide: "\\.tmp$\n^draft-", HSub: true, Header: "# Public"}
	if info.IsOpenList() {
		pub.ReadUsers, pub.ReadUsersSub = &[]uint{created.ID}, new(bool)
	}
	for _, m := range []alist.Meta{pub, {Path: h.metas[1], Password: h.secret, PSub: true, Readme: "ask for it"}} {
		if _, err := e.client.CreateMeta(ctx, &m); err != nil {
			t.Fatalf("create meta %s: %v", m.Path, err)
		}
	}

	h.setting = "site_title"
	e.keepSettings(h.setting)
	st, err := e.client.Setting(ctx, h.setting)
	if err != nil {
		t.Fatal(err)
	}
	h.settingWas = st.Value
	st.Value = fmt.Sprintf("Exported %d", n)
	if err := e.client.SaveSetting(ctx, st); err != nil {
		t.Fatal(err)
	}
	return h
}

// rows is the server's rows of everything h made, whole, as JSON: equal
// before and after an operation when it changed nothing on the server.
func (h *handMade) rows(e *testEnv) string {
	e.t.Helper()
	ctx := t0()
	var b strings.Builder
	add := func(v any, err error) {
		if err != nil {
			e.t.Fatal(err)
		}
		j, _ := json.Marshal(v)
		b.Write(j)
		b.WriteByte('\n')
	}
	for _, m := range h.mounts {
		add(e.client.StorageByMountPath(ctx, m))
	}
	for _, p := range h.metas {
		add(e.client.MetaByPath(ctx, p))
	}
	add(e.client.UserByName(ctx, h.user))
	if h.role != "" {
		add(e.client.RoleByName(ctx, h.role))
	}
	add(e.client.Setting(ctx, h.setting))
	return b.String()
}
