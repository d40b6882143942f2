package alist

import (
	"context"
	"iter"
	"net/http"
)

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

// RolePages reads the roles page by page (adminPages).
func (s *Session) RolePages(ctx context.Context, perPage int) iter.Seq2[[]Role, error] {
	return adminPages[Role](ctx, s, "admin/role/list", "/api/admin/role/list", perPage)
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
