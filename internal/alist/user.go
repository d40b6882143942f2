package alist

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// User is an account as the admin API has it. Role
// is the raw field: an int (0 general, 1 guest, 2 admin) on v3.38 and
// OpenList, a list of role ids (or null) on v3.62. Password is write-only:
// the server always answers "", and "" in an update keeps the password.
// AllowLDAP exists on OpenList only.
type User struct {
	ID         uint            `json:"id"`
	Username   string          `json:"username"`
	Password   string          `json:"password"`
	BasePath   string          `json:"base_path"`
	Role       json.RawMessage `json:"role"`
	Disabled   bool            `json:"disabled"`
	Permission int32           `json:"permission"`
	SSOID      string          `json:"sso_id"`
	AllowLDAP  *bool           `json:"allow_ldap,omitempty"`

	raw row
}

type userFields User

func (u *User) UnmarshalJSON(b []byte) error { return decodeRow(b, (*userFields)(u), &u.raw) }

func (u User) MarshalJSON() ([]byte, error) { return encodeRow(u.raw, userFields(u)) }

// Has tells whether the server sent a field.
func (u *User) Has(field string) bool { return u.raw.Has(field) }

// RoleIDs is v3.62's role list (nil for null, or for the other dialects).
func (u *User) RoleIDs() []uint {
	var ids []uint
	if json.Unmarshal(u.Role, &ids) != nil {
		return nil
	}
	return ids
}

// RoleKind is the v3.38/OpenList role (0 general, 1 guest, 2 admin); on
// v3.62 it is 2 when the list holds the admin role id, 1 for guest.
func (u *User) RoleKind(adminRole, guestRole uint) int {
	var n int
	if json.Unmarshal(u.Role, &n) == nil {
		return n
	}
	for _, id := range u.RoleIDs() {
		switch id {
		case adminRole:
			return 2
		case guestRole:
			n = 1
		}
	}
	return n
}

// SetRoleIDs sets v3.62's role list.
func (u *User) SetRoleIDs(ids []uint) {
	if ids == nil {
		ids = []uint{}
	}
	u.Role, _ = json.Marshal(ids)
}

// Users lists every account, admin and guest included.
func (s *Session) Users(ctx context.Context) ([]User, error) {
	return adminList[User](ctx, s, "admin/user/list", "/api/admin/user/list")
}

// User is GET user/get; a missing one is ErrNotFound.
func (s *Session) User(ctx context.Context, id uint) (*User, error) {
	var u User
	if err := s.adminGet(ctx, "admin/user/get", "/api/admin/user/get", byID(id), &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// UserByName finds an account by its (unique) username.
func (s *Session) UserByName(ctx context.Context, name string) (*User, error) {
	return findRow(ctx, s.Users, "admin/user/list", "no user named "+name, func(u *User) bool { return u.Username == name })
}

// CreateUser is POST user/create, which answers no id: the new account is
// found by its username.
func (s *Session) CreateUser(ctx context.Context, u *User) (*User, error) {
	if err := s.adminWrite(ctx, &request{op: "admin/user/create", method: http.MethodPost, path: "/api/admin/user/create", json: u}, nil); err != nil {
		return nil, err
	}
	return s.UserByName(ctx, u.Username)
}

// UpdateUser is POST user/update with the whole row. The server logs the
// account out once (its tokens die) and wipes its passkeys, whatever
// changed; a session that is this account logs in again on its next call.
func (s *Session) UpdateUser(ctx context.Context, u *User) error {
	if u.ID == 0 {
		return errZeroID("user")
	}
	return s.adminWrite(ctx, &request{op: "admin/user/update", method: http.MethodPost, path: "/api/admin/user/update", json: u}, nil)
}

// DeleteUser is POST user/delete.
func (s *Session) DeleteUser(ctx context.Context, id uint) error {
	return s.adminWrite(ctx, &request{op: "admin/user/delete", method: http.MethodPost, path: "/api/admin/user/delete", query: byID(id)}, nil)
}

// Role is a v3.62 role: permissions per path prefix.
type Role struct {
	ID               uint              `json:"id"`
	Name             string            `json:"name"`
	Description      string            `json:"description"`
	Default          bool              `json:"default"`
	PermissionScopes []PermissionScope `json:"permission_scopes"`

	raw row
}

// PermissionScope grants Permission (bits) below Path.
type PermissionScope struct {
	Path       string `json:"path"`
	Permission int32  `json:"permission"`
}

type roleFields Role

func (r *Role) UnmarshalJSON(b []byte) error { return decodeRow(b, (*roleFields)(r), &r.raw) }

func (r Role) MarshalJSON() ([]byte, error) { return encodeRow(r.raw, roleFields(r)) }

// Roles lists v3.62's roles; other servers have no such route (ErrNotAPI).
func (s *Session) Roles(ctx context.Context) ([]Role, error) {
	return adminList[Role](ctx, s, "admin/role/list", "/api/admin/role/list")
}

// Role is GET role/get; a missing one is ErrNotFound.
func (s *Session) Role(ctx context.Context, id uint) (*Role, error) {
	var r Role
	if err := s.adminGet(ctx, "admin/role/get", "/api/admin/role/get", byID(id), &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// RoleByName finds a role by its (unique) name.
func (s *Session) RoleByName(ctx context.Context, name string) (*Role, error) {
	return findRow(ctx, s.Roles, "admin/role/list", "no role named "+name, func(r *Role) bool { return r.Name == name })
}

// CreateRole is POST role/create (no id in the answer: found by name).
func (s *Session) CreateRole(ctx context.Context, r *Role) (*Role, error) {
	if err := s.adminWrite(ctx, &request{op: "admin/role/create", method: http.MethodPost, path: "/api/admin/role/create", json: r}, nil); err != nil {
		return nil, err
	}
	return s.RoleByName(ctx, r.Name)
}

// UpdateRole is POST role/update with the whole row.
func (s *Session) UpdateRole(ctx context.Context, r *Role) error {
	if r.ID == 0 {
		return errZeroID("role")
	}
	return s.adminWrite(ctx, &request{op: "admin/role/update", method: http.MethodPost, path: "/api/admin/role/update", json: r}, nil)
}

// DeleteRole is POST role/delete. v3.62 keeps no guard: users holding the
// role keep its id, dangling.
func (s *Session) DeleteRole(ctx context.Context, id uint) error {
	return s.adminWrite(ctx, &request{op: "admin/role/delete", method: http.MethodPost, path: "/api/admin/role/delete", query: byID(id)}, nil)
}

// Setting is one of the server's settings. Value is
// always a string. Flag: 0 public (readable without login), 1 private,
// 2 read-only, 3 deprecated.
type Setting struct {
	Key     string `json:"key"`
	Value   string `json:"value"`
	Help    string `json:"help"`
	Type    string `json:"type"`
	Options string `json:"options"`
	Group   int    `json:"group"`
	Flag    int    `json:"flag"`
	Index   int    `json:"index"`

	raw row
}

// Setting flags.
const (
	SettingPublic     = 0
	SettingPrivate    = 1
	SettingReadOnly   = 2
	SettingDeprecated = 3
)

type settingFields Setting

func (st *Setting) UnmarshalJSON(b []byte) error { return decodeRow(b, (*settingFields)(st), &st.raw) }

func (st Setting) MarshalJSON() ([]byte, error) { return encodeRow(st.raw, settingFields(st)) }

// Settings lists every setting, or a group's (group >= 0).
func (s *Session) Settings(ctx context.Context, group int) ([]Setting, error) {
	var q url.Values
	if group >= 0 {
		q = url.Values{"group": {strconv.Itoa(group)}}
	}
	var out []Setting
	err := s.adminGet(ctx, "admin/setting/list", "/api/admin/setting/list", q, &out)
	return out, err
}

// Setting is GET setting/get; an unknown key is ErrNotFound.
func (s *Session) Setting(ctx context.Context, key string) (*Setting, error) {
	var st Setting
	if err := s.adminGet(ctx, "admin/setting/get", "/api/admin/setting/get", url.Values{"key": {key}}, &st); err != nil {
		return nil, err
	}
	return &st, nil
}

// SaveSetting is POST setting/save with one whole item: st should come
// from a read. A bare {key, value} would reset the item's type, group and
// flag, and a private value would become public: readable without login
// at /api/public/settings until the server restarts.
func (s *Session) SaveSetting(ctx context.Context, st *Setting) error {
	return s.adminWrite(ctx, &request{op: "admin/setting/save", method: http.MethodPost, path: "/api/admin/setting/save",
		json: []*Setting{st}, remotePath: st.Key}, nil)
}
