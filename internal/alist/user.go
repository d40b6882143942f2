package alist

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
)

// User is an account as the admin API has it. Role is the raw field: an
// int (0 general, 1 guest, 2 admin) on v3.38 and OpenList, a list of role
// ids (or null) on v3.62. Password is write-only:
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

// UserPages reads the users page by page (adminPages).
func (s *Session) UserPages(ctx context.Context, perPage int) iter.Seq2[[]User, error] {
	return adminPages[User](ctx, s, "admin/user/list", "/api/admin/user/list", perPage)
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
