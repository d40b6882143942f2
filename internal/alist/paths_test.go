package alist

import (
	"net/url"
	"strings"
	"testing"
)

func TestValidatePath(t *testing.T) {
	for _, ok := range []string{"/local/a.txt", "/local/dir a/中文 🚀.txt", "/a", "/local/100%.txt", "/local/a#b?c"} {
		if err := ValidatePath(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for bad, why := range map[string]string{
		"": "empty", "a/b": "relative", "/": "site root", "/a/": "trailing", "/a//b": "empty segment",
		"/a/./b": `"." segment`, "/a/../b": `".." segment`, "/a/..": `".." segment`, "/a\x00b": "control", "/a\nb": "control",
	} {
		err := ValidatePath(bad)
		if err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%q: %v, want %q", bad, err, why)
		}
	}
}

func FuzzEscapePath(f *testing.F) {
	for _, s := range []string{"/local/a b", "/x/100%/#?", "/中文/🚀", "/a+b=c;d&e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		got, err := url.PathUnescape(EscapePath(p))
		if err != nil || got != p {
			t.Errorf("%q: unescaped to %q, %v", p, got, err)
		}
	})
}

func FuzzValidatePath(f *testing.F) {
	for _, s := range []string{"/local/a", "a", "/", "/a/../b", "/a//b", "/a/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if ValidatePath(p) != nil {
			return
		}
		// An accepted path is canonical: absolute, no empty/dot segments.
		if !strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/") {
			t.Errorf("accepted %q", p)
		}
		for _, seg := range strings.Split(p[1:], "/") {
			if seg == "" || seg == "." || seg == ".." {
				t.Errorf("accepted %q", p)
			}
		}
	})
}

func TestParseBaseURL(t *testing.T) {
	for raw, want := range map[string]string{"https://h/alist/": "https://h/alist", "http://h:5244": "http://h:5244"} {
		u, err := ParseBaseURL(raw)
		if err != nil || u.String() != want {
			t.Errorf("%q: %v %v", raw, u, err)
		}
	}
	for _, bad := range []string{"", "h:5244", "ftp://h", "http://", "http://h/?q=1", "http://h/#f"} {
		if _, err := ParseBaseURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		code int
		msg  string
		want error
	}{
		{500, "object not found", ErrNotFound},
		{500, "failed get parent list: failed get dir: object not found", ErrNotFound},
		{500, "failed to get obj: object not found", ErrNotFound},
		{500, "failed get storage: storage not found; rawPath: /x", ErrNotFound},
		{403, "permission denied", ErrPermissionDenied},
		{403, "You are not an admin", ErrNotAdmin},
		{403, "access using relative path is not allowed", ErrPermissionDenied},
		{403, "file exists", ErrAlreadyExists},
		{403, "file [empty.txt] exists", ErrAlreadyExists},
		{500, "file exists", ErrAlreadyExists},
		{500, "failed to make dir [/f.txt]: file exists", ErrParentIsFile},
		{500, "failed get parent list: not a folder", ErrParentIsFile},
		{401, "token is expired", ErrSessionExpired},
		{401, "token is invalidated", ErrSessionExpired},
		{401, "Password has been changed, login please", ErrSessionExpired},
		{401, "session inactive", ErrSessionExpired},
		{401, "Guest user is disabled, login please", ErrUnauthorized},
		{401, "Current user is disabled, replace please", ErrUnauthorized},
		{402, "Invalid 2FA code", ErrOTP},
		{429, "Too many unsuccessful sign-in attempts", ErrLockedOut},
		{400, "Empty file names", ErrBadRequest},
		{500, "something broke", ErrServer},
		// transient: a server stopping, whatever code
		// the part that met the closed database answers with; one loading.
		{500, "failed select meta: sql: database is closed", ErrServerUnavailable},
		{400, "failed find user: sql: database is closed", ErrServerUnavailable},
		{401, "failed find user: sql: database is closed", ErrServerUnavailable},
		{500, "Loading storage, please wait", ErrServerUnavailable},
		{400, "loading storage is a folder name", ErrBadRequest},
		// the admin API: a missing row, an unknown driver, a duplicate key
		{500, "failed get old storage: record not found", ErrNotFound},
		{400, "record not found", ErrNotFound},
		{404, "driver [Nope] not found", ErrNotFound},
		{500, "failed create storage in database: UNIQUE constraint failed: x_storages.mount_path", ErrAlreadyExists},
		{500, "constraint failed: UNIQUE constraint failed: x_meta.path (2067)", ErrAlreadyExists},
		{500, "Error 1062: Duplicate entry '/m' for key 'mount_path'", ErrAlreadyExists},
		{500, "storage is used by user:u_dps, please cancel usage first", ErrInUse},
	} {
		if got := classify(tc.code, tc.msg); got != tc.want {
			t.Errorf("%d %q: %v, want %v", tc.code, tc.msg, got, tc.want)
		}
	}
}
