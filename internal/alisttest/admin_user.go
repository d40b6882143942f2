package alisttest

import (
	"encoding/json"
	"slices"
	"sort"
	"time"
)

// /api/admin/user/* (transcripts admin-user-*.out).
// Users live in authState (auth.go), which logins and tokens read.

// userReq is the body of user/create and user/update (the real model.User).
// role is an int on v3.38 and OpenList and a list of role ids on v3.62.
type userReq struct {
	ID         int             `json:"id"`
	Username   string          `json:"username"`
	Password   string          `json:"password"`
	BasePath   string          `json:"base_path"`
	Role       json.RawMessage `json:"role"`
	Disabled   bool            `json:"disabled"`
	Permission int32           `json:"permission"`
	SSOID      string          `json:"sso_id"`
	AllowLDAP  bool            `json:"allow_ldap"`

	role    int   // role as v3.38/OpenList send it
	roleIDs []int // role as v3.62 sends it; nil when omitted or null
}

var (
	errUserNotFound      = &apiError{500, "failed get old user: record not found"}
	errUsernameNeeded    = &apiError{400, "Key: 'User.Username' Error:Field validation for 'Username' failed on the 'required' tag"}
	errCreateAdminGuest  = &apiError{400, "admin or guest user can not be created"}
	errDeleteAdminGuest  = &apiError{500, "cannot delete admin or guest"}
	errRoleChanged       = &apiError{400, "role can not be changed"}
	errAdminDisabled     = &apiError{400, "admin user can not be disabled"}
	errAdminRoleChanged  = &apiError{403, "cannot change role of admin user"}
	errAssignAdminGuest  = &apiError{400, "cannot assign admin or guest role to user"}
	errJSONContainsSQLit = &apiError{500, "no such function: JSON_CONTAINS"} // v3.62's "keep one admin" query on SQLite
)

func (f Flavor) errUsernameTaken() *apiError {
	if f.openList() {
		return &apiError{500, "constraint failed: UNIQUE constraint failed: x_users.username (2067)"}
	}
	return &apiError{500, "UNIQUE constraint failed: x_users.username"}
}

func (s *Server) bindUser(c *reqCtx) (userReq, error) {
	var req userReq
	if err := bind(c.r, &req); err != nil {
		return req, err
	}
	if req.Username == "" {
		return req, errUsernameNeeded
	}
	dst := any(&req.role)
	if s.flavor == AListV362 {
		dst = &req.roleIDs
	}
	if len(req.Role) > 0 {
		if err := json.Unmarshal(req.Role, dst); err != nil {
			return req, fail(400, err)
		}
	}
	req.BasePath = fixAndCleanPath(req.BasePath)
	return req, nil
}

// userRow is a user as list, get and /api/me show it: the password always
// empty, the role in the flavour's shape, OpenList's allow_ldap last.
func (s *Server) userRow(u *userRec) object {
	o := object{
		{"id", u.id},
		{"username", u.Username},
		{"password", ""},
		{"base_path", u.BasePath},
		{"role", u.Role},
		{"disabled", u.Disabled},
		{"permission", u.Permission},
		{"sso_id", u.ssoID},
	}
	switch s.flavor {
	case AListV362:
		o = o.set("role", u.roleIDs)
	case OpenListV4:
		o = append(o, field{"allow_ldap", u.allowLDAP})
	}
	return o
}

func handleUserList(c *reqCtx) (any, error) {
	a := &c.s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	users := a.usersByIDLocked()
	start, end := pageOf(c.r, len(users))
	rows := []object{}
	for _, u := range users[start:end] {
		rows = append(rows, c.s.userRow(u))
	}
	return object{{"content", rows}, {"total", len(users)}}, nil
}

func (a *authState) usersByIDLocked() []*userRec {
	users := make([]*userRec, 0, len(a.users))
	for _, u := range a.users {
		users = append(users, u)
	}
	sort.Slice(users, func(i, j int) bool { return users[i].id < users[j].id })
	return users
}

func (a *authState) userByIDLocked(id int) *userRec {
	for _, u := range a.users {
		if u.id == id {
			return u
		}
	}
	return nil
}

// userByQueryID runs fn on the user ?id= names, under the lock.
func (c *reqCtx) userByQueryID(fn func(a *authState, u *userRec) (any, error)) (any, error) {
	return byQueryID(c, (*authState).userByIDLocked, errUserNotFound, fn)
}

// byQueryID runs fn under the auth lock on the record (user or role) ?id=
// names, or fails with notFound.
func byQueryID[T any](c *reqCtx, find func(*authState, int) *T, notFound error, fn func(*authState, *T) (any, error)) (any, error) {
	id, err := queryInt(c.r, "id")
	if err != nil {
		return nil, err
	}
	a := &c.s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	rec := find(a, id)
	if rec == nil {
		return nil, notFound
	}
	return fn(a, rec)
}

func handleUserGet(c *reqCtx) (any, error) {
	return c.userByQueryID(func(_ *authState, u *userRec) (any, error) { return c.s.userRow(u), nil })
}

// handleUserCreate adds a user; the answer has no id (clients list by
// name). On v3.62 a user without roles gets the setting default_role (a
// fresh server's guest, so it fails), and its base path becomes the first
// scope path of its first role with scopes.
// OpenList's allow_ldap has a gorm default of true: false is stored true.
func handleUserCreate(c *reqCtx) (any, error) {
	s := c.s
	req, err := s.bindUser(c)
	if err != nil {
		return nil, err
	}
	if s.flavor == AListV362 && len(req.roleIDs) == 0 {
		req.roleIDs = []int{s.settings.defaultRoleID()}
	}
	if req.role == RoleAdmin || req.role == RoleGuest || holdsAdminOrGuest(req.roleIDs) {
		return nil, errCreateAdminGuest
	}
	a := &s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.users[req.Username] != nil {
		return nil, s.flavor.errUsernameTaken()
	}
	id := req.ID
	if id == 0 {
		id = a.nextUserID
	} else if a.userByIDLocked(id) != nil {
		return nil, &apiError{500, "UNIQUE constraint failed: x_users.id"} // a client id is honoured, as gorm does
	}
	a.nextUserID = max(a.nextUserID, id+1)
	u := &userRec{id: id, pwdTS: time.Now().Unix(), allowLDAP: true}
	u.Username, u.Password, u.Role = req.Username, req.Password, req.role
	a.applyUserLocked(u, req)
	for _, r := range a.rolesOfLocked(u.roleIDs) {
		if len(r.scopes) > 0 {
			u.BasePath = r.scopes[0].Path
			break
		}
	}
	a.users[u.Username] = u
	return nil, nil
}

func holdsAdminOrGuest(ids []int) bool {
	return slices.Contains(ids, roleIDAdmin) || slices.Contains(ids, roleIDGuest)
}

// applyUserLocked copies what create and update take from the body.
func (a *authState) applyUserLocked(u *userRec, req userReq) {
	u.BasePath, u.Disabled, u.Permission, u.ssoID = req.BasePath, req.Disabled, req.Permission, req.SSOID
	u.roleIDs = req.roleIDs
	if a.flavor == AListV362 && u.isAdmin() {
		// v3.62 forces these on every load of an admin (its internal/op/user.go:19-36).
		u.BasePath, u.Permission = "/", v362AdminPerm
	}
}

// handleUserUpdate replaces a user's row: omitted fields are reset (v3.62's
// role becomes null), the password changes only when sent non-empty. The
// real handler copies the password hash but not pwd_ts, which is saved as
// 0: the user's tokens die once, and after a new login the next update no
// longer logs it out (seen on all three).
func handleUserUpdate(c *reqCtx) (any, error) {
	s := c.s
	req, err := s.bindUser(c)
	if err != nil {
		return nil, err
	}
	a := &s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	u := a.userByIDLocked(req.ID)
	if u == nil {
		return nil, errUserNotFound
	}
	if err := a.checkUserUpdateLocked(u, req); err != nil {
		return nil, err
	}
	if other := a.users[req.Username]; other != nil && other != u {
		return nil, s.flavor.errUsernameTaken()
	}
	delete(a.users, u.Username)
	u.Username = req.Username
	a.users[u.Username] = u
	oldTS := u.pwdTS
	u.pwdTS = 0
	if req.Password != "" {
		// A new password stamps the time (later than the old stamp, even
		// within its second, so the old tokens surely die).
		u.Password = req.Password
		u.pwdTS = max(time.Now().Unix(), oldTS+1)
	}
	u.allowLDAP = req.AllowLDAP // an update saves it as sent, false included
	a.applyUserLocked(u, req)
	return nil, nil
}

// checkUserUpdateLocked refuses the role and admin changes each flavour refuses.
func (a *authState) checkUserUpdateLocked(u *userRec, req userReq) error {
	if a.flavor != AListV362 {
		switch {
		case req.role != u.Role:
			return errRoleChanged
		case req.Disabled && u.isAdmin():
			return errAdminDisabled
		}
		return nil
	}
	changed := !slices.Equal(req.roleIDs, u.roleIDs)
	switch {
	case changed && u.Username == "admin":
		return errAdminRoleChanged
	case changed && holdsAdminOrGuest(req.roleIDs):
		return errAssignAdminGuest
	case req.Disabled && u.isAdmin():
		// "at least one enabled admin must be kept" counts admins with
		// JSON_CONTAINS, which SQLite lacks (v3.62 answers 500).
		return errJSONContainsSQLit
	}
	return nil
}

func handleUserDelete(c *reqCtx) (any, error) {
	id := 0
	res, err := c.userByQueryID(func(a *authState, u *userRec) (any, error) {
		if u.isAdmin() || u.isGuest() {
			return nil, errDeleteAdminGuest
		}
		delete(a.users, u.Username)
		id = u.id
		return nil, nil
	})
	// OpenList deletes the user's shares with him (v3.62 keeps them). Not
	// under the accounts' lock: the share store is never taken inside it.
	if err == nil && id != 0 && c.s.flavor.openList() {
		c.s.dropSharesOf(id)
	}
	return res, err
}

// handleUserCancel2FA clears a user's 2FA secret; its tokens stay valid
// (the row is saved as loaded, pwd_ts included).
func handleUserCancel2FA(c *reqCtx) (any, error) {
	return c.userByQueryID(func(_ *authState, u *userRec) (any, error) {
		u.OTPSecret = ""
		return nil, nil
	})
}

// handleUserDelCache drops a user from the real server's cache: nothing to
// do here but to look the user up as it does.
func handleUserDelCache(c *reqCtx) (any, error) {
	a := &c.s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.users[c.r.URL.Query().Get("username")] == nil {
		return nil, &apiError{500, "failed find user: record not found"}
	}
	return nil, nil
}

// UserByName returns a user as the server holds it (the password in
// clear). On v3.62 Roles names the user's existing roles and Permission is
// the stored value, which the server ignores.
func (s *Server) UserByName(name string) (User, bool) {
	a := &s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	u := a.users[name]
	if u == nil {
		return User{}, false
	}
	out := u.User
	out.Roles = a.roleNamesLocked(u.roleIDs)
	return out, true
}
