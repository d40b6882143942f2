package alisttest

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// StaticHash is what /api/auth/login/hash expects as the password: the
// lowercase hex SHA-256 of the password and the fixed salt all three
// servers use.
func StaticHash(password string) string {
	sum := sha256.Sum256([]byte(password + "-https://github.com/alist-org/alist"))
	return hex.EncodeToString(sum[:])
}

// Lock-out parameters of the real servers.
const (
	lockoutFailures = 5
	lockoutDuration = 5 * time.Minute
)

const msgTooManyAttempts = "Too many unsuccessful sign-in attempts have been made using an incorrect username or password, Try again later."

type userRec struct {
	User
	id        int
	pwdTS     int64       // a token is valid only while its pwd_ts equals this
	roleIDs   []int       // v3.62: the role ids (role.go); nil shows as null
	ssoID     string      // stored and shown only
	allowLDAP bool        // OpenList
	scopes    []permScope // v3.62, snapshots only: the scopes of its roles
}

func (u *userRec) isAdmin() bool { return u.Role == RoleAdmin }
func (u *userRec) isGuest() bool { return u.Role == RoleGuest }

// tokenRec is an issued token. The server only accepts tokens it has a
// record of, keyed by the exact token string it signed, so the claims are
// kept here instead of parsing and verifying the JWT on every request.
type tokenRec struct {
	username string
	pwdTS    int64     // the claims' pwd_ts
	session  string    // v3.62: user + Client-Id at login
	epoch    int       // v3.62: the session epoch the token belongs to
	expires  time.Time // precise expiry (the JWT's exp is whole seconds)
}

// session is a v3.62 login session: logging out deactivates it, and a
// later login starts a new epoch, so older tokens stay dead.
type session struct {
	active bool
	epoch  int
}

// lockout counts failed logins of one client address. There is no decay:
// only a success or the 5 minutes after the last refused attempt reset it.
type lockout struct {
	failures int
	until    time.Time // set once locked: the lock ends then
}

type authState struct {
	mu         sync.Mutex
	flavor     Flavor
	key        []byte // JWT secret, new per server: a restart forgets tokens
	adminToken string
	lifetime   time.Duration
	users      map[string]*userRec
	guest      *userRec
	tokens     map[string]*tokenRec
	sessions   map[string]*session
	lockouts   map[string]*lockout
	nextUserID int        // admin_user.go
	roles      []*roleRec // v3.62, by id (role.go)
	nextRoleID int
}

func (a *authState) init(f Flavor, o Options) error {
	a.flavor, a.adminToken, a.lifetime = f, o.AdminToken, o.TokenLifetime
	a.key = make([]byte, 32)
	if _, err := rand.Read(a.key); err != nil {
		return err
	}
	a.users = map[string]*userRec{}
	a.tokens = map[string]*tokenRec{}
	a.sessions = map[string]*session{}
	a.lockouts = map[string]*lockout{}
	// Ids as on a fresh server: v3.62 creates the guest first.
	adminID, guestID := 1, 2
	if f == AListV362 {
		adminID, guestID = 2, 1
	}
	pwdTS := time.Now().Unix()
	guest := User{Username: "guest", Password: randomString(16), Role: RoleGuest, Disabled: true}
	var extra []User
	for _, u := range o.Users {
		if u.Role == RoleGuest {
			guest = u
		} else {
			extra = append(extra, u)
		}
	}
	add := func(u User, id int) error {
		u = cleanUser(u)
		if u.Username == "" {
			return fmt.Errorf("a user needs a Username")
		}
		if _, dup := a.users[u.Username]; dup {
			return fmt.Errorf("duplicate user %q", u.Username)
		}
		a.users[u.Username] = &userRec{User: u, id: id, pwdTS: pwdTS}
		return nil
	}
	if err := add(o.Admin, adminID); err != nil {
		return err
	}
	if err := add(guest, guestID); err != nil {
		return err
	}
	a.guest = a.users[guest.Username]
	for i, u := range extra {
		if u.Role == RoleAdmin {
			return fmt.Errorf("user %q: only Options.Admin can be an admin", u.Username)
		}
		if err := add(u, 3+i); err != nil {
			return err
		}
	}
	return a.initAccounts()
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func sessionKey(username, clientID string) string { return username + "\x00" + clientID }

// authenticate resolves the request's user like the real Auth middleware:
// the permanent admin token, no token (the guest), or a remembered JWT.
// It returns a snapshot, so handlers never race with hooks changing users.
func (s *Server) authenticate(r *http.Request) (*userRec, error) {
	a := &s.auth
	token := r.Header.Get("Authorization")
	a.mu.Lock()
	defer a.mu.Unlock()
	if subtle.ConstantTimeCompare([]byte(token), []byte(a.adminToken)) == 1 {
		return a.snapshot(a.adminLocked()), nil
	}
	if token == "" {
		if a.guest.Disabled {
			return nil, &apiError{401, "Guest user is disabled, login please"}
		}
		return a.snapshot(a.guest), nil
	}
	rec, ok := a.tokens[token]
	if !ok {
		return nil, &apiError{401, "token is invalidated"}
	}
	if !time.Now().Before(rec.expires) {
		return nil, &apiError{401, "token is expired"}
	}
	if a.flavor.sessions() {
		if sess := a.sessions[rec.session]; sess == nil || !sess.active || sess.epoch != rec.epoch {
			delete(a.tokens, token) // the next use is "token is invalidated"
			return nil, &apiError{401, "session inactive"}
		}
	}
	u := a.users[rec.username]
	if u == nil {
		return nil, &apiError{401, "failed find user: record not found"}
	}
	if rec.pwdTS != u.pwdTS {
		return nil, &apiError{401, "Password has been changed, login please"}
	}
	if u.Disabled {
		return nil, &apiError{401, "Current user is disabled, replace please"}
	}
	return a.snapshot(u), nil
}

func (a *authState) snapshot(u *userRec) *userRec {
	c := *u
	c.scopes = a.scopesLocked(u.roleIDs)
	return &c
}

func (a *authState) adminLocked() *userRec {
	for _, u := range a.users {
		if u.isAdmin() {
			return u
		}
	}
	panic("alisttest: no admin user")
}

// loginReq is the login request (the real LoginReq, whose name the validation message quotes).
type loginReq struct {
	Username string `json:"username"`
	Password string `json:"password"`
	OtpCode  string `json:"otp_code"`
}

func handleLogin(c *reqCtx) (any, error)     { return c.s.login(c.r, false) }
func handleLoginHash(c *reqCtx) (any, error) { return c.s.login(c.r, true) }

func (s *Server) login(r *http.Request, hashed bool) (any, error) {
	var req loginReq
	if err := bind(r, &req); err != nil {
		return nil, err
	}
	if req.Username == "" {
		return nil, &apiError{400, "Key: 'LoginReq.Username' Error:Field validation for 'Username' failed on the 'required' tag"}
	}
	if !hashed {
		req.Password = StaticHash(req.Password)
	}
	a := &s.auth
	ip := clientIP(r)
	now := time.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	lo := a.lockouts[ip]
	if lo != nil && !lo.until.IsZero() && now.After(lo.until) {
		delete(a.lockouts, ip)
		lo = nil
	}
	if lo != nil && lo.failures >= lockoutFailures {
		lo.until = now.Add(lockoutDuration) // every refused attempt restarts the lock
		return nil, &apiError{429, msgTooManyAttempts}
	}
	if err := a.checkCredentials(req); err != nil {
		if lo == nil {
			lo = &lockout{}
			a.lockouts[ip] = lo
		}
		lo.failures++
		return nil, err
	}
	delete(a.lockouts, ip)
	return a.issueLocked(a.users[req.Username], r.Header.Get("Client-Id"), now), nil
}

func (a *authState) checkCredentials(req loginReq) error {
	u := a.users[req.Username]
	if u == nil {
		return a.flavor.errUnknownUser()
	}
	if subtle.ConstantTimeCompare([]byte(req.Password), []byte(StaticHash(u.Password))) != 1 {
		return a.flavor.errWrongPassword()
	}
	if u.OTPSecret != "" && !validOTP(req.OtpCode, u.OTPSecret) {
		return &apiError{402, "Invalid 2FA code"}
	}
	return nil
}

func (a *authState) issueLocked(u *userRec, clientID string, now time.Time) object {
	tok := signJWT(a.key, claims{
		Username: u.Username,
		PwdTS:    u.pwdTS,
		Exp:      now.Add(a.lifetime).Unix(),
		Nbf:      now.Unix(),
		Iat:      now.Unix(),
	})
	rec := &tokenRec{username: u.Username, pwdTS: u.pwdTS, expires: now.Add(a.lifetime)}
	if !a.flavor.sessions() {
		a.tokens[tok] = rec
		return object{{"token", tok}}
	}
	rec.session = sessionKey(u.Username, clientID)
	sess := a.sessions[rec.session]
	if sess == nil {
		sess = &session{}
		a.sessions[rec.session] = sess
	}
	if !sess.active {
		sess.active = true
		sess.epoch++
	}
	rec.epoch = sess.epoch
	a.tokens[tok] = rec
	sum := md5.Sum([]byte(rec.session))
	return object{{"device_key", hex.EncodeToString(sum[:])}, {"token", tok}}
}

func handleLogout(c *reqCtx) (any, error) {
	a := &c.s.auth
	token := c.r.Header.Get("Authorization")
	a.mu.Lock()
	defer a.mu.Unlock()
	if rec := a.tokens[token]; rec != nil {
		delete(a.tokens, token)
		if sess := a.sessions[rec.session]; sess != nil {
			sess.active = false
		}
	}
	return nil, nil
}

// handleMe answers /api/me: the user's row and whether 2FA is on; v3.62
// adds its role names and the scopes of its roles (null without roles).
func handleMe(c *reqCtx) (any, error) {
	u := c.user
	o := append(c.s.userRow(u), field{"otp", u.OTPSecret != ""})
	if c.s.flavor == AListV362 {
		a := &c.s.auth
		a.mu.Lock()
		names := a.roleNamesLocked(u.roleIDs)
		a.mu.Unlock()
		o = append(o, field{"role_names", names}, field{"permissions", u.scopes})
	}
	return o, nil
}

// Test hooks.

// ForgetTokens makes the server forget every issued JWT, as a restart does:
// they answer 401 "token is invalidated". The permanent admin token works.
func (s *Server) ForgetTokens() {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	s.auth.tokens = map[string]*tokenRec{}
}

// ExpireTokens makes every JWT issued so far answer 401 "token is expired".
func (s *Server) ExpireTokens() {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	for _, rec := range s.auth.tokens {
		rec.expires = time.Time{}
	}
}

// ChangePassword sets a user's password, which kills the user's tokens:
// they answer 401 "Password has been changed, login please". Unknown users
// are ignored.
func (s *Server) ChangePassword(username, newPassword string) {
	a := &s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	u := a.users[username]
	if u == nil {
		return
	}
	u.Password = newPassword
	u.pwdTS = max(time.Now().Unix(), u.pwdTS+1)
}

// LockedOut tells whether logins from 127.0.0.1 are currently refused.
func (s *Server) LockedOut() bool {
	a := &s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	lo := a.lockouts["127.0.0.1"]
	return lo != nil && lo.failures >= lockoutFailures && (lo.until.IsZero() || time.Now().Before(lo.until))
}

// ResetLockout forgets all failed logins.
func (s *Server) ResetLockout() {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	s.auth.lockouts = map[string]*lockout{}
}
