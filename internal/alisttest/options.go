package alisttest

import (
	"crypto/rand"
	"fmt"
	"path"
	"time"
)

// Roles of a user.
const (
	RoleGeneral = 0
	RoleGuest   = 1
	RoleAdmin   = 2
)

// Permission bits of a user.
const (
	PermSeeHides        int32 = 1 << 0
	PermAccessNoPass    int32 = 1 << 1
	PermOfflineDownload int32 = 1 << 2
	PermWrite           int32 = 1 << 3 // make dirs and upload
	PermRename          int32 = 1 << 4
	PermMove            int32 = 1 << 5
	PermCopy            int32 = 1 << 6
	PermRemove          int32 = 1 << 7
	PermWebdavRead      int32 = 1 << 8
	PermWebdavManage    int32 = 1 << 9
	// OpenList only: bit 14 may create and serve shares, bit 15 may choose
	// a share's id. (On v3.62 these bits mean other things, and shares
	// need no bit.)
	PermShare         int32 = 1 << 14
	PermShareCustomID int32 = 1 << 15
)

// Default admin permissions per flavour, as /api/me reports them on a fresh
// server. OpenList's 29183 has every file permission bit an admin needs
// there (it is bound by them); v3.62 reports 65535.
const (
	openListAdminPerm int32 = 29183
	v362AdminPerm     int32 = 65535
)

// User is an account of the test server.
type User struct {
	Username   string
	Password   string
	Role       int   // 0 general, 1 guest, 2 admin
	Permission int32 // permission bits, see the Perm constants
	BasePath   string
	Disabled   bool
	OTPSecret  string // base32 TOTP secret; non-empty enables 2FA
	// Roles (v3.62 only) names the roles the user holds, e.g. "general".
	// Without them the user holds general, or a private role with its
	// Permission at "/" when that is not 0 (role.go).
	Roles []string
}

// Options configure a Server. The zero value is a usable AList v3.38 with
// one Local storage at /local and the admin "admin"/"admin-pass-123".
type Options struct {
	Flavor   Flavor
	Admin    User     // zero Username means the default admin
	Users    []User   // extra users; a Role 1 user replaces the (disabled) guest
	Storages []string // mount paths of Local storages; nil means {"/local"}
	// ShowHidden makes the Local storages of Storages with show_hidden on,
	// as the web UI does (it fills in the driver's default, true). Without
	// it they are made as through the API with only root_folder_path, like
	// a real server's: show_hidden is false and listings leave out every
	// name starting with ".", while fs/get of such a path still answers.
	ShowHidden      bool
	CachingStorages []string      // mount paths of caching (driver "Cached") storages
	Dir             string        // on-disk root; default a new temp dir
	TokenLifetime   time.Duration // JWT lifetime, default 48h
	LinkExpiration  time.Duration // 0: signs never expire; else expiry now+d
	AdminToken      string        // permanent admin token, also the sign key
	TaskDelay       time.Duration // As-Task uploads appear after this; default 200ms, negative means none
	Addr            string        // listen address, default 127.0.0.1:0
	// Version, when set, is what /api/public/settings reports instead of
	// Flavor.Version(): "dev" imitates a self-built server (the release
	// flags set the version), whose dialect a client must find by probing
	// routes. Behaviour stays the flavour's.
	Version string
}

const (
	DefaultAdminUsername = "admin"
	DefaultAdminPassword = "admin-pass-123"
)

func (o Options) withDefaults() Options {
	if o.Admin.Username == "" {
		o.Admin = User{Username: DefaultAdminUsername, Password: DefaultAdminPassword}
	}
	o.Admin.Role = RoleAdmin
	if o.Admin.Permission == 0 {
		switch o.Flavor {
		case OpenListV4:
			o.Admin.Permission = openListAdminPerm
		case AListV362:
			o.Admin.Permission = v362AdminPerm
		}
	}
	if o.Storages == nil { // an empty, non-nil list means no Local storage
		o.Storages = []string{"/local"}
	}
	if o.TokenLifetime <= 0 {
		o.TokenLifetime = 48 * time.Hour
	}
	if o.AdminToken == "" {
		o.AdminToken = o.Flavor.tokenPrefix() + uuidString() + randomString(48)
	}
	switch {
	case o.TaskDelay == 0:
		o.TaskDelay = 200 * time.Millisecond
	case o.TaskDelay < 0:
		o.TaskDelay = 0
	}
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	return o
}

// cleanUser normalises a configured user.
func cleanUser(u User) User {
	if u.BasePath == "" {
		u.BasePath = "/"
	}
	u.BasePath = fixAndCleanPath(u.BasePath)
	return u
}

const alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func randomString(n int) string { return randomFrom(alphanumeric, n) }

// randomFrom draws n characters of alphabet (len ≤ 256) without modulo bias.
func randomFrom(alphabet string, n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, n*2)
	limit := 256 - 256%len(alphabet)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out)
}

func uuidString() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// mountPaths returns the cleaned mount paths.
func mountPaths(list []string) []string {
	var out []string
	for _, p := range list {
		out = append(out, path.Clean("/"+p))
	}
	return out
}
