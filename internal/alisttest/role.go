package alisttest

import (
	"fmt"
	"slices"
	"strings"
)

// v3.62's role system: a user holds role ids, a role holds
// permission scopes {path, permission}, and the user's permission at a path
// is the OR of the scopes of its roles whose path contains it. The other
// flavours have no roles: there user.permission decides.

// Role ids of a fresh v3.62 (its v3.46 migration creates them in this order).
const (
	roleIDGuest   = 1
	roleIDAdmin   = 2
	roleIDGeneral = 3
)

// permScope is one entry of a role's permission_scopes.
type permScope struct {
	Path       string `json:"path"`
	Permission int32  `json:"permission"`
}

type roleRec struct {
	id          int
	name        string
	description string
	isDefault   bool
	scopes      []permScope // nil shows as null (an update without scopes)
}

func (r *roleRec) row() object {
	return object{
		{"id", r.id},
		{"name", r.name},
		{"description", r.description},
		{"default", r.isDefault},
		{"permission_scopes", r.scopes},
	}
}

func (r *roleRec) builtin() bool { return r.id == roleIDGuest || r.id == roleIDAdmin }

// builtinRoles are a fresh v3.62's roles (transcripts admin-role-alist-v3.62.out
// and alist-v3.62-probe4.out): none is the default although the setting
// default_role names guest, and the admin role has bits 0-15 (0xFFFF).
func builtinRoles() []*roleRec {
	root := func(perm int32) []permScope { return []permScope{{"/", perm}} }
	return []*roleRec{
		{id: roleIDGuest, name: "guest", description: "Guest", scopes: root(0)},
		{id: roleIDAdmin, name: "admin", description: "Administrator", scopes: root(v362AdminPerm)},
		{id: roleIDGeneral, name: "general", description: "General User", scopes: root(0)},
	}
}

// initAccounts completes the configured users: OpenList's allow_ldap
// (gorm default true, as for users made through the API) and, on v3.62,
// the roles. A v3.62 user given Roles holds those; one given only a
// Permission gets a private role "alisttest_<name>" with that permission
// at "/" (the real server ignores user.permission, and the tests written
// for v3.38 describe a limited user by its bits), its own permission
// stored as 0 like a user made with a role; others hold "general". A
// configured guest's Permission becomes the guest role's.
func (a *authState) initAccounts() error {
	users := a.usersByIDLocked()
	a.nextUserID = users[len(users)-1].id + 1
	for _, u := range users {
		u.allowLDAP = true
	}
	if a.flavor != AListV362 {
		return nil
	}
	a.roles = builtinRoles()
	a.nextRoleID = roleIDGeneral + 1
	for _, u := range users {
		ids, err := a.configuredRolesLocked(u)
		if err != nil {
			return fmt.Errorf("user %q: %w", u.Username, err)
		}
		u.roleIDs = ids
	}
	return nil
}

func (a *authState) configuredRolesLocked(u *userRec) ([]int, error) {
	switch {
	case u.isAdmin():
		return []int{roleIDAdmin}, nil
	case u.isGuest():
		// A configured guest's bits go to the guest role, as an admin
		// gives the guest rights on v3.62 (that role can be edited).
		if u.Permission != 0 {
			a.roleByIDLocked(roleIDGuest).scopes = []permScope{{"/", u.Permission}}
			u.Permission = 0
		}
		return []int{roleIDGuest}, nil
	case len(u.Roles) > 0:
		var ids []int
		for _, name := range u.Roles {
			r := a.roleByNameLocked(name)
			if r == nil || r.builtin() {
				return nil, fmt.Errorf("no role %q a user can hold", name)
			}
			ids = append(ids, r.id)
		}
		return ids, nil
	case u.Permission != 0:
		r := &roleRec{id: a.nextRoleID, name: "alisttest_" + u.Username,
			description: "permission of a configured user", scopes: []permScope{{"/", u.Permission}}}
		a.nextRoleID++
		a.roles = append(a.roles, r)
		u.Permission = 0
		return []int{r.id}, nil
	}
	return []int{roleIDGeneral}, nil
}

func (a *authState) roleByIDLocked(id int) *roleRec {
	return a.findRoleLocked(func(r *roleRec) bool { return r.id == id })
}

func (a *authState) roleByNameLocked(name string) *roleRec {
	return a.findRoleLocked(func(r *roleRec) bool { return r.name == name })
}

func (a *authState) findRoleLocked(match func(*roleRec) bool) *roleRec {
	if i := slices.IndexFunc(a.roles, match); i >= 0 {
		return a.roles[i]
	}
	return nil
}

// rolesOfLocked are the existing roles among ids; a deleted role's id
// stays on its users and is skipped.
func (a *authState) rolesOfLocked(ids []int) []*roleRec {
	var out []*roleRec
	for _, id := range ids {
		if r := a.roleByIDLocked(id); r != nil {
			out = append(out, r)
		}
	}
	return out
}

// scopesLocked are the permission scopes of the roles ids, in order; nil
// when there are none (what /api/me shows as null).
func (a *authState) scopesLocked(ids []int) []permScope {
	var out []permScope
	for _, r := range a.rolesOfLocked(ids) {
		out = append(out, r.scopes...)
	}
	return out
}

// permissionAt is the user's permission bits at path p ("" = anywhere:
// what any of its v3.62 scopes allows). u is a snapshot, whose scopes were
// resolved by authenticate.
func (s *Server) permissionAt(u *userRec, p string) int32 {
	if s.flavor != AListV362 {
		return u.Permission
	}
	var perm int32
	for _, sc := range u.scopes {
		if p == "" || isSubPath(sc.Path, p) {
			perm |= sc.Permission
		}
	}
	return perm
}

// isSubPath tells whether p is dir or below it, by whole path segments.
func isSubPath(dir, p string) bool {
	return dir == "/" || p == dir || strings.HasPrefix(p, dir+"/")
}

// roleNamesLocked are the names of the existing roles among ids (nil if none).
func (a *authState) roleNamesLocked(ids []int) []string {
	var out []string
	for _, r := range a.rolesOfLocked(ids) {
		out = append(out, r.name)
	}
	return out
}

// rolesInScope lists, in id order, the roles with a scope path in the
// first path segment of mountPath, for v3.62's storage delete guard (its
// internal/op/storage.go:285-312; firstSegment is admin_storage.go's).
func (s *Server) rolesInScope(mountPath string) []string {
	a := &s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	var names []string
	for _, r := range a.roles {
		if slices.ContainsFunc(r.scopes, func(sc permScope) bool { return firstSegment(sc.Path) == firstSegment(mountPath) }) {
			names = append(names, r.name)
		}
	}
	return names
}
