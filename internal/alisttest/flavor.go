package alisttest

import (
	"fmt"
	"strings"
)

// Flavor selects which real server the test server imitates. The three
// differ in error codes and wording, in response shapes and in a few
// behaviours (Overwrite header, chunked uploads, cache updates, sessions).
type Flavor int

const (
	AListV338  Flavor = iota // AList v3.38, the long-lived v3 line (default)
	AListV362                // AList v3.62, the current v3 line
	OpenListV4               // OpenList v4.2, the community fork
)

// String returns the flavour's canonical name, accepted by ParseFlavor.
func (f Flavor) String() string {
	switch f {
	case AListV362:
		return "alist-v3.62"
	case OpenListV4:
		return "openlist-v4"
	default:
		return "alist-v3.38"
	}
}

// ParseFlavor accepts the String forms and the short aliases
// "v3.38", "v3.62" and "openlist".
func ParseFlavor(s string) (Flavor, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "alist-v3.38", "v3.38", "alist":
		return AListV338, nil
	case "alist-v3.62", "v3.62":
		return AListV362, nil
	case "openlist-v4", "openlist", "openlist-v4.2", "v4":
		return OpenListV4, nil
	}
	return AListV338, fmt.Errorf("unknown flavor %q (want alist-v3.38, alist-v3.62 or openlist-v4)", s)
}

// Version is what /api/public/settings reports as "version".
func (f Flavor) Version() string {
	switch f {
	case AListV362:
		return "v3.62.0"
	case OpenListV4:
		return "v4.2.5 (Commit: 0000000)"
	default:
		return "v3.38.0"
	}
}

func (f Flavor) openList() bool { return f == OpenListV4 }

// Behaviour switches, one per way the real servers differ, named so the
// handlers say which difference they follow.

// overwriteHeader: the Overwrite: false header refuses an existing target
// (v3.38 ignores it).
func (f Flavor) overwriteHeader() bool { return f != AListV338 }

// chunkedUploads: fs/put works without Content-Length (OpenList only).
func (f Flavor) chunkedUploads() bool { return f == OpenListV4 }

// adminBypassesBits: on AList an admin ignores the permission bits; on
// OpenList the admin is bound by them like everyone else.
func (f Flavor) adminBypassesBits() bool { return f != OpenListV4 }

// renameRefusesExisting: renaming onto an existing name is a 403 instead of
// a silent replace.
func (f Flavor) renameRefusesExisting() bool { return f != AListV338 }

// cacheUpdatedOnPut: caching storages see their own uploads at once.
func (f Flavor) cacheUpdatedOnPut() bool { return f == OpenListV4 }

// peerTopOnly: the AList V3 driver serves its mount's top folder only.
// OpenList v4.1.9 to v4.2.5 stopped giving listed objects their path in
// op.List (OpenList 96cd7143) and the driver, re-added later from older
// code, sets none itself, so a folder below the top is asked of the target
// as path "", which the target answers with its own root: files there are
// not found. AList sets the path in op.List; OpenList's own OpenList driver
// sets it itself.
func (f Flavor) peerTopOnly() bool { return f == OpenListV4 }

// absoluteUserPaths: a non-admin's path starting with "/" is absolute, not
// below its base path (v3.62, AlistGo/alist#9249).
func (f Flavor) absoluteUserPaths() bool { return f == AListV362 }

// sessions: v3.62 tracks login sessions; logging out deactivates the
// session for the user's other tokens.
func (f Flavor) sessions() bool { return f == AListV362 }

// downloadPathDecodedTwice: AList v3.60 and later unescape the /d and /p
// path once more after the router has decoded it (AlistGo/alist#9361, a fix
// for '#' in names), so the raw_url fs/get returns for a name with '%' fails
// there. v3.38 and OpenList decode once.
func (f Flavor) downloadPathDecodedTwice() bool { return f == AListV362 }

// loadingBlocks: while storages load (after a start), OpenList holds each
// request until they are loaded; AList answers 500 "Loading storage,
// please wait" at once.
func (f Flavor) loadingBlocks() bool { return f.openList() }

// hasAdminArea tells whether /api/admin/<area>/... exists on the real
// server. On the others such a path is an unknown
// route, answered with the web UI's page: clients probe a "dev" server's
// dialect that way (role only on v3.62, scan only on OpenList).
func (f Flavor) hasAdminArea(area string) bool {
	switch area {
	case "user", "storage", "meta", "setting", "driver", "task", "index", "message":
		return true
	case "role", "label", "label_file_binding", "session":
		return f == AListV362 // the role system (v3.46) and v3.62's additions
	case "scan":
		return f.openList()
	}
	return false
}

func (f Flavor) siteTitle() string {
	if f.openList() {
		return "OpenList"
	}
	return "AList"
}

func (f Flavor) tokenPrefix() string {
	if f.openList() {
		return "openlist-"
	}
	return "alist-"
}

// Messages that differ per flavour.

func (f Flavor) errWrongPassword() *apiError {
	switch f {
	case AListV362:
		return &apiError{400, "username or password is incorrect"}
	case OpenListV4:
		return &apiError{401, "Invalid username or password"}
	}
	return &apiError{400, "password is incorrect"}
}

func (f Flavor) errUnknownUser() *apiError {
	if f == AListV338 {
		return &apiError{400, "failed find user: record not found"}
	}
	return f.errWrongPassword()
}

func (f Flavor) msgRelativePath() string {
	if f.openList() {
		return "using relative path is not allowed"
	}
	return "access using relative path is not allowed"
}

func (f Flavor) msgNotFound() string {
	if f.openList() {
		return "failed to get obj: object not found"
	}
	return "object not found"
}

func (f Flavor) msgRemoveRoot() string {
	if f.openList() {
		return "delete root folder is not allowed"
	}
	return "delete root folder is not allowed, please goto the manage page to delete the storage instead"
}
