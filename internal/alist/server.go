package alist

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Product is the server line, which decides the API dialect.
type Product int

const (
	// ProductUnknown: the version names no release and no probe has run
	// (ServerVersion of a self-built server). Every method then answers as
	// for the oldest line, AList v3.38, whose behaviour is the cautious one.
	ProductUnknown  Product = iota
	ProductAList            // AList v3 (alist-org/alist, then AlistGo/alist)
	ProductOpenList         // OpenList v4 and later, the community fork
)

func (p Product) String() string {
	switch p {
	case ProductAList:
		return "AList v3"
	case ProductOpenList:
		return "OpenList"
	default:
		return "unknown"
	}
}

// Source says where a ServerInfo's facts come from.
type Source int

const (
	SourceNone    Source = iota // nothing decided: see ProductUnknown
	SourceVersion               // read off the version string
	SourceProbe                 // the version names no release: routes only one line has were probed
)

func (s Source) String() string {
	switch s {
	case SourceVersion:
		return "version"
	case SourceProbe:
		return "probe"
	default:
		return "none"
	}
}

// ServerInfo is what the session knows of the server's dialect. Build one
// with ParseServerInfo, or get it from Session.Info (which probes when the
// version string does not tell).
type ServerInfo struct {
	// Version is /api/public/settings' "version", as sent: "v3.38.0",
	// "v4.2.5 (Commit: …) - Frontend: … - Build at: …", or "dev" for a
	// server built without release flags.
	Version string
	Product Product
	// Major, Minor and Patch are the release Version names; all 0 when it
	// names none.
	Major, Minor, Patch int
	Source              Source
	// RoleRoutes: a probe found /api/admin/role/list, which AList has from
	// v3.46 on. Such a server is taken to behave like the newest v3 line
	// (v3.62), one without it like v3.38. Set by probing only.
	RoleRoutes bool
}

// releaseRE reads the release at the start of a version string; OpenList
// appends " (Commit: …) - Frontend: … - Build at: …", AList nothing.
var releaseRE = regexp.MustCompile(`^v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?`)

// ParseServerInfo reads what a version string tells. The Source is
// SourceNone when it tells nothing ("dev", "", "beta"): Session.Info then
// probes.
func ParseServerInfo(version string) ServerInfo {
	i := ServerInfo{Version: version}
	v := strings.TrimSpace(version)
	if m := releaseRE.FindStringSubmatch(v); m != nil {
		i.Major, _ = strconv.Atoi(m[1])
		i.Minor, _ = strconv.Atoi(m[2])
		i.Patch, _ = strconv.Atoi(m[3]) // "" when absent: 0
	}
	if i.Major == 0 { // "v0.0.0" is a placeholder, not a release
		i.Major, i.Minor, i.Patch = 0, 0, 0
	}
	// Only OpenList writes the commit and front-end into its version, a
	// self-built one too ("dev (Commit: unknown) - Frontend: rolling - Build
	// at: unknown", internal/alisttest/testdata/transcripts), so the
	// shape alone names the line. AList's self-built "dev" says nothing.
	openListShape := strings.Contains(v, "(Commit:") || strings.Contains(v, " - Frontend:")
	switch {
	case i.Major >= 4 || openListShape:
		i.Product, i.Source = ProductOpenList, SourceVersion
	case i.Major > 0:
		i.Product, i.Source = ProductAList, SourceVersion
	}
	return i
}

// IsOpenList reports whether the server is the OpenList fork (v4 and later).
func (i ServerInfo) IsOpenList() bool { return i.Product == ProductOpenList }

// Kind is "OpenList" or "AList v3" (also for ProductUnknown, which behaves
// as the oldest AList v3).
func (i ServerInfo) Kind() string {
	if i.IsOpenList() {
		return ProductOpenList.String()
	}
	return ProductAList.String()
}

// HonoursOverwrite reports whether the server refuses an upload over an
// existing file when asked (Overwrite: false): AList from v3.62 on and
// OpenList do; earlier v3 servers ignore the header and overwrite.
func (i ServerInfo) HonoursOverwrite() bool { return i.IsOpenList() || i.aListAtLeast(62) }

// DecodesProxyPathTwice reports whether the server's /p/ (and /d/) links
// unescape the path twice, so that a raw_url whose name holds a "%" needs
// its "%" escaped once more: AList from v3.60 on, not
// OpenList. See DownloadURL.
func (i ServerInfo) DecodesProxyPathTwice() bool { return i.aListAtLeast(60) }

// HasRoles reports the role dialect of users (role: [ids], /api/admin/role/*,
// per-path permission scopes): AList from v3.46 on, not OpenList.
func (i ServerInfo) HasRoles() bool { return i.aListAtLeast(46) }

// AbsoluteUserPaths reports whether a non-admin's path that starts with "/"
// is taken as absolute rather than below the user's base_path
// (AlistGo/alist#9249). That pull request was merged on
// 2025-08-05, between v3.48.0 (published 2025-08-04) and v3.49.0 (published
// 2025-08-06, dates of the winget-pkgs release PRs), hence v3.49; only v3.62
// was seen live. Not OpenList, which kept the v3.38 model.
func (i ServerInfo) AbsoluteUserPaths() bool { return i.aListAtLeast(49) }

// PlacedPath is where the server puts a path an account with basePath
// sends: below the base path on AList v3.38 and OpenList, as it is on
// AList v3.62 (see AbsoluteUserPaths). Task names carry placed paths.
func (i ServerInfo) PlacedPath(basePath, p string) string {
	if i.AbsoluteUserPaths() || basePath == "" || basePath == "/" {
		return p
	}
	return path.Join(basePath, p)
}

// PeerDriverTopOnly reports whether the server's "AList V3" driver serves
// only its mount's top folder: OpenList has that driver from v4.1.9 on, and
// up to v4.2.5 at least it gives the objects it lists no path, which its
// op.List no longer fills in (OpenList 96cd7143), so every folder below the
// top is asked of the target as "", answered with the target's root, and a
// file there is "object not found" (fixed upstream by OpenList pull request
// 3019, merged after v4.2.5). OpenList's own "OpenList" driver, and AList's
// "AList V3", serve every level. A release that is not known is not flagged.
func (i ServerInfo) PeerDriverTopOnly() bool {
	if !i.IsOpenList() || i.Major != 4 {
		return false
	}
	return i.Minor == 1 && i.Patch >= 9 || i.Minor == 2 && i.Patch <= 5
}

// aListAtLeast reports an AList v3 server at release 3.minor or later; one
// whose release is unknown counts as the release it is taken to behave like.
func (i ServerInfo) aListAtLeast(minor int) bool {
	if i.IsOpenList() {
		return false
	}
	major, m := i.aListRelease()
	return major > 3 || major == 3 && m >= minor
}

func (i ServerInfo) aListRelease() (major, minor int) {
	switch {
	case i.Major > 0:
		return i.Major, i.Minor
	case i.RoleRoutes:
		return 3, 62
	default:
		return 3, 38
	}
}

// String names the server for messages and logs.
func (i ServerInfo) String() string {
	switch {
	case i.Source == SourceVersion && i.Major > 0:
		return fmt.Sprintf("%s (v%d.%d.%d)", i.Kind(), i.Major, i.Minor, i.Patch)
	case i.Source == SourceVersion:
		return fmt.Sprintf("%s (version %q)", i.Kind(), i.Version)
	case i.Source == SourceProbe && i.IsOpenList():
		return fmt.Sprintf("OpenList (version %q; told by its routes)", i.Version)
	case i.Source == SourceProbe:
		major, minor := i.aListRelease()
		return fmt.Sprintf("AList v3 (version %q; taken as v%d.%d by its routes)", i.Version, major, minor)
	default:
		return fmt.Sprintf("unknown (version %q; taken as AList v3.38)", i.Version)
	}
}

// Info is ServerVersion and, when the version names no release (self-built
// servers report "dev"), a probe of routes only one line has. It is asked
// once per session, by one caller while concurrent ones wait: the server does
// not change under a running provider. A failure is not kept.
func (s *Session) Info(ctx context.Context) (ServerInfo, error) {
	return s.info.get(ctx, func(ctx context.Context) (ServerInfo, error) {
		info, err := s.ServerVersion(ctx)
		if err != nil || info.Source != SourceNone {
			return info, err
		}
		return s.probeDialect(ctx, info)
	})
}

// ServerVersion is GET /api/public/settings; it needs no login and probes nothing.
func (s *Session) ServerVersion(ctx context.Context) (ServerInfo, error) {
	var data struct {
		Version string `json:"version"`
	}
	err := s.send(ctx, &request{op: "public/settings", method: http.MethodGet, path: "/api/public/settings", idempotent: true}, "", &data)
	return ParseServerInfo(data.Version), err
}

// Routes that tell the lines apart: only AList from
// v3.46 on has the role API, only OpenList the manual scan. Both are GETs
// that read and change nothing.
const (
	probeRoles = "/api/admin/role/list"
	probeScan  = "/api/admin/scan/progress"
)

// probeDialect decides the line of a server whose version names no release.
func (s *Session) probeDialect(ctx context.Context, info ServerInfo) (ServerInfo, error) {
	roles, err := s.routeExists(ctx, probeRoles)
	if err != nil {
		return info, err
	}
	scan := false
	if !roles {
		if scan, err = s.routeExists(ctx, probeScan); err != nil {
			return info, err
		}
	}
	info.Source, info.RoleRoutes = SourceProbe, roles
	info.Product = ProductAList
	if scan {
		info.Product = ProductOpenList
	}
	s.logf(ctx, "AList server version names no release; told by its routes", map[string]any{
		"version": info.Version, "role_routes": roles, "scan_routes": scan, "server": info.String(),
	})
	return info, nil
}

// routeExists asks whether the server has an admin GET route.
//
// The answer's shape tells, whoever asks: gin matches the route before it
// runs a group's middleware, so an absent route gets the web UI's page, HTML
// with HTTP 200 (seen on all three servers), while a present one
// answers AList JSON even when it refuses: Auth comes first and answers 401
// "Guest user is disabled, login please" to no token while the guest
// account is disabled, and "token is invalidated" to a stale one, then
// AuthAdmin answers 403 "You are not an admin" to a non-admin or an enabled
// guest. So the probe needs no login, and does not go through call: it sends
// the token the session holds, if any, else none. A login here could spend a
// wrong password (one more step towards the lock-out, and the error would
// surface on a probe) and a stale token must not trigger a re-login.
//
// Any answer that is not AList JSON counts as absent, whatever its status (a
// proxy's own 404 page, say): the fallback is then the oldest line's
// behaviour, the cautious one. A server still loading or stopping is retried
// like any idempotent call, and is an error if it stays so.
func (s *Session) routeExists(ctx context.Context, path string) (bool, error) {
	s.mu.Lock()
	tok := s.token
	s.mu.Unlock()
	err := s.send(ctx, &request{op: "probe " + path, method: http.MethodGet, path: path, idempotent: true}, tok, nil)
	var ae *APIError
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, ErrNotAPI):
		return false, nil
	case errors.As(err, &ae) && !errors.Is(err, ErrServerUnavailable):
		return true, nil // refused by the route's own middleware: it exists
	default:
		return false, err
	}
}
