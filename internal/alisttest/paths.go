package alisttest

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
)

// Virtual paths: what a user sends is joined with the user's base path,
// then resolved to the storage with the longest matching mount path.

// fixAndCleanPath makes a path absolute and clean, like the real servers'
// utils.FixAndCleanPath.
func fixAndCleanPath(p string) string {
	p = strings.ReplaceAll(p, "\\", "/")
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return path.Clean(p)
}

// hasRelative is the real servers' test for a path that climbs up.
func hasRelative(p string) bool {
	return strings.HasSuffix(p, "..") || strings.Contains(p, "../")
}

// joinPath prefixes the user's base path, refusing relative paths. On
// v3.62 a path other than "/" is absolute (AlistGo/alist#9249), and the
// user's role scopes decide access: here the scope is the base path.
func (s *Server) joinPath(u *userRec, reqPath string) (string, error) {
	if hasRelative(reqPath) {
		return "", &apiError{403, s.flavor.msgRelativePath()}
	}
	p := fixAndCleanPath(reqPath)
	if !s.flavor.absoluteUserPaths() || p == "/" {
		return path.Join(u.BasePath, p), nil
	}
	if !u.isAdmin() && u.BasePath != "/" && p != u.BasePath && !strings.HasPrefix(p, u.BasePath+"/") {
		return "", errPermissionDenied
	}
	return p, nil
}

// checkName refuses names (rename, remove, move) that would leave the
// folder they are relative to.
func (s *Server) checkName(name string) error {
	if hasRelative(strings.ReplaceAll(name, "\\", "/")) {
		return &apiError{403, s.flavor.msgRelativePath()}
	}
	return nil
}

// storageFor finds the storage with the longest mount path containing p
// and the path inside it.
func (s *Server) storageFor(p string) (*mount, string, error) {
	p = fixAndCleanPath(p)
	var best *mount
	for _, m := range s.storages.mounts() {
		if (p == m.path || m.path == "/" || strings.HasPrefix(p, m.path+"/")) &&
			(best == nil || len(m.path) > len(best.path)) {
			best = m
		}
	}
	if best == nil {
		if p == "/" {
			return nil, "", errors.New("storage not found; please add a storage first")
		}
		return nil, "", fmt.Errorf("storage not found; rawPath: %s", p)
	}
	return best, fixAndCleanPath(strings.TrimPrefix(p, best.path)), nil
}

// virtualFiles are the folders that lead to mount points below p ("/"
// shows every top-level storage as a folder).
func (s *Server) virtualFiles(p string) []obj {
	p = fixAndCleanPath(p)
	byName := map[string]obj{}
	for _, m := range s.storages.mounts() {
		rest, ok := strings.CutPrefix(m.path, strings.TrimSuffix(p, "/")+"/")
		if m.path == p || !ok || rest == "" {
			continue
		}
		name, _, _ := strings.Cut(rest, "/")
		if _, dup := byName[name]; !dup {
			byName[name] = obj{name: name, isDir: true, modified: m.created, created: m.created}
		}
	}
	out := make([]obj, 0, len(byName))
	for _, o := range byName {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// within reports whether p is folder or lies below it.
func within(p, folder string) bool {
	return p == folder || strings.HasPrefix(p, strings.TrimSuffix(folder, "/")+"/")
}
