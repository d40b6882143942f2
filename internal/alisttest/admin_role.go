package alisttest

import (
	"slices"
	"strconv"
)

// /api/admin/role/* (v3.62 only; transcript
// admin-role-alist-v3.62.out). A role's permission scopes decide what its
// users may do where (role.go).

// roleReq is the body of role/create and role/update (the real model.Role).
type roleReq struct {
	ID               int         `json:"id"`
	Name             string      `json:"name"`
	Description      string      `json:"description"`
	Default          bool        `json:"default"`
	PermissionScopes []permScope `json:"permission_scopes"`
}

var (
	errAdminRole      = &apiError{403, "cannot modify admin role"}
	errRoleNotFound   = &apiError{500, "failed get role: record not found"}
	errRoleNameNeeded = &apiError{400, "Key: 'Role.Name' Error:Field validation for 'Name' failed on the 'required' tag"}
	errRoleNameTaken  = &apiError{500, "UNIQUE constraint failed: x_roles.name"}
)

func bindRole(c *reqCtx) (roleReq, error) {
	var req roleReq
	if err := bind(c.r, &req); err != nil {
		return req, err
	}
	if req.Name == "" {
		return req, errRoleNameNeeded
	}
	// Scope paths are stored clean ("local/txr/" reads back "/local/txr").
	for i := range req.PermissionScopes {
		req.PermissionScopes[i].Path = fixAndCleanPath(req.PermissionScopes[i].Path)
	}
	return req, nil
}

// handleRoleList answers GET /api/admin/role/list: every role by id.
func handleRoleList(c *reqCtx) (any, error) {
	a := &c.s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	start, end := pageOf(c.r, len(a.roles))
	rows := []object{}
	for _, r := range a.roles[start:end] {
		rows = append(rows, r.row())
	}
	return object{{"content", rows}, {"total", len(a.roles)}}, nil
}

func handleRoleGet(c *reqCtx) (any, error) {
	return byQueryID(c, (*authState).roleByIDLocked, errRoleNotFound, func(_ *authState, r *roleRec) (any, error) {
		return r.row(), nil
	})
}

// handleRoleCreate adds a role; the answer has no id (clients list by name).
func handleRoleCreate(c *reqCtx) (any, error) { return c.saveRole((*authState).createRoleLocked) }

// handleRoleUpdate replaces a role's fields (omitted ones are reset, scopes
// become null).
func handleRoleUpdate(c *reqCtx) (any, error) { return c.saveRole((*authState).updateRoleLocked) }

// saveRole binds the body, runs save under the lock, and makes the saved
// role the default one if it says so.
func (c *reqCtx) saveRole(save func(*authState, roleReq) (*roleRec, error)) (any, error) {
	req, err := bindRole(c)
	if err != nil {
		return nil, err
	}
	a := &c.s.auth
	a.mu.Lock()
	r, err := save(a, req)
	a.mu.Unlock()
	if err != nil {
		return nil, err
	}
	c.s.roleBecameDefault(r.id, req.Default)
	return nil, nil
}

// createRoleLocked honours a client id, as gorm does for a non-zero key.
func (a *authState) createRoleLocked(req roleReq) (*roleRec, error) {
	if a.roleByNameLocked(req.Name) != nil {
		return nil, errRoleNameTaken
	}
	id := req.ID
	if id == 0 {
		id = a.nextRoleID
	} else if a.roleByIDLocked(id) != nil {
		return nil, &apiError{500, "UNIQUE constraint failed: x_roles.id"}
	}
	a.nextRoleID = max(a.nextRoleID, id+1)
	r := &roleRec{id: id}
	a.roles = append(a.roles, r)
	slices.SortFunc(a.roles, func(x, y *roleRec) int { return x.id - y.id })
	a.setRoleLocked(r, req)
	return r, nil
}

// updateRoleLocked: the admin role cannot change; the guest role keeps its
// name silently (the transcript's rename answers success).
func (a *authState) updateRoleLocked(req roleReq) (*roleRec, error) {
	r := a.roleByIDLocked(req.ID)
	switch {
	case r == nil:
		return nil, errRoleNotFound
	case r.id == roleIDAdmin:
		return nil, errAdminRole
	case r.id == roleIDGuest:
		req.Name = r.name
	}
	if other := a.roleByNameLocked(req.Name); other != nil && other != r {
		return nil, errRoleNameTaken
	}
	a.setRoleLocked(r, req)
	return r, nil
}

func (a *authState) setRoleLocked(r *roleRec, req roleReq) {
	r.name, r.description, r.isDefault, r.scopes = req.Name, req.Description, req.Default, req.PermissionScopes
}

// roleBecameDefault: a role saved with default:true becomes the setting
// default_role, and the other roles lose their flag (AList v3.62
// internal/db/role.go:45-67).
func (s *Server) roleBecameDefault(id int, isDefault bool) {
	if !isDefault {
		return
	}
	s.auth.mu.Lock()
	for _, r := range s.auth.roles {
		r.isDefault = r.id == id
	}
	s.auth.mu.Unlock()
	s.settings.setValue("default_role", strconv.Itoa(id))
}

// handleRoleDelete removes a role. Users keep its id (there is no "role
// in use" guard, as the role transcript shows); guest and admin are refused with the admin message.
func handleRoleDelete(c *reqCtx) (any, error) {
	return byQueryID(c, (*authState).roleByIDLocked, errRoleNotFound, func(a *authState, r *roleRec) (any, error) {
		if r.builtin() {
			return nil, errAdminRole
		}
		a.roles = slices.DeleteFunc(a.roles, func(x *roleRec) bool { return x == r })
		return nil, nil
	})
}
