package alisttest

import (
	"path"
	"regexp"
	"slices"
	"strings"
)

// How the fs handlers apply metas: the nearest meta up the
// tree applies, whole (no merging with metas further up). The checks follow
// AList's server/common/check.go (CanAccess, CanWrite) and
// internal/fs/list.go (whetherHide), and OpenList's check.go (CanRead,
// CanWrite, CanWriteContentBypassUserPerms).

var errMetaAccess = &apiError{403, "password is incorrect or you have no permission"}

// metaUpdateForgetsNewPath: a meta update forgets the cached lookups of its
// new path too. v3.38 forgets only the old path's, so a path looked up
// before keeps "no meta here" until a restart.
func (f Flavor) metaUpdateForgetsNewPath() bool { return f != AListV338 }

// nearestMeta is op.GetNearestMeta: the meta of p or of its nearest
// ancestor, nil when there is none.
//
// v3.38 caches each path it looked up without finding a meta, with no
// expiry; create, update and delete forget only the paths they name
// (update: the old one), so moving a meta onto a path looked up before has
// no effect until a Restart. v3.62 and OpenList also cache (v3.62 for
// meta_not_found_cache_expire seconds), but their updates forget both
// paths, so nothing stale can be seen: only v3.38's cache is kept here.
func (s *Server) nearestMeta(p string) *metaRow {
	keep := !s.flavor.metaUpdateForgetsNewPath()
	epoch := 0
	if keep {
		epoch = s.restartGeneration()
	}
	st := &s.metas
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.epoch != epoch { // restarted since: the cache died with the process
		st.absent, st.epoch = nil, epoch
	}
	for p = fixAndCleanPath(p); ; p = path.Dir(p) {
		if !st.absent[p] {
			if r := st.byPath(p); r != nil {
				return r
			}
			if keep {
				st.remember(p)
			}
		}
		if p == "/" {
			return nil
		}
	}
}

// restartGeneration changes with every Restart (and Close).
func (s *Server) restartGeneration() int {
	s.restart.mu.Lock()
	defer s.restart.mu.Unlock()
	return s.restart.gen
}

func (st *metaStore) remember(p string) {
	if st.absent == nil {
		st.absent = map[string]bool{}
	}
	st.absent[p] = true
}

func (st *metaStore) forget(p string) { delete(st.absent, p) }

// metaUserCan is the permission test of the meta checks, at path p (on
// v3.62 the bits come from the role scopes containing p).
func (s *Server) metaUserCan(u *userRec, bit int32, p string) bool { return s.canAt(u, bit, p) }

// metaCovers is MetaCoversPath (AList: IsApply): p is the meta's own path,
// or below it when the setting applies to sub-folders.
func metaCovers(m *metaRow, p string, sub bool) bool {
	return m.Path == p || sub && strings.HasPrefix(p, strings.TrimSuffix(m.Path, "/")+"/")
}

// metaHides are the patterns m hides entries of folder dir with from u: none
// for users with PermSeeHides, or where the meta does not apply to dir.
func (s *Server) metaHides(u *userRec, m *metaRow, dir string) []*regexp.Regexp {
	if m == nil || m.Hide == "" || !metaCovers(m, dir, m.HSub) || s.metaUserCan(u, PermSeeHides, dir) {
		return nil
	}
	return m.hide
}

func matchesAny(res []*regexp.Regexp, name string) bool {
	return slices.ContainsFunc(res, func(re *regexp.Regexp) bool { return re.MatchString(name) })
}

// metaUsersAllow is OpenList's read_users / write_users test: a non-empty
// list admits only its user ids, at the meta's path or (sub) below it.
// AList metas have no lists.
func metaUsersAllow(u *userRec, m *metaRow, ids []int, sub bool, p string) bool {
	return m == nil || len(ids) == 0 || slices.Contains(ids, u.id) || !sub && m.Path != p
}

func metaReadAllowed(u *userRec, m *metaRow, p string) bool {
	return m == nil || metaUsersAllow(u, m, m.ReadUsers, m.ReadUsersSub, p)
}

func metaWriteAllowed(u *userRec, m *metaRow, p string) bool {
	return m == nil || metaUsersAllow(u, m, m.WriteUsers, m.WriteUsersSub, p)
}

// metaCanAccess is CanAccess: a name the meta hides is refused (even with
// the password, as the meta transcripts show), then OpenList's read_users, then the password,
// which users with PermAccessNoPass need not send.
func (s *Server) metaCanAccess(u *userRec, m *metaRow, reqPath, password string) bool {
	if matchesAny(s.metaHides(u, m, path.Dir(reqPath)), path.Base(reqPath)) {
		return false
	}
	if !metaReadAllowed(u, m, reqPath) {
		return false
	}
	if s.metaUserCan(u, PermAccessNoPass, reqPath) || m == nil || m.Password == "" || !metaCovers(m, reqPath, m.PSub) {
		return true
	}
	return m.Password == password
}

// metaWriteBypass is AList's CanWrite(meta, path) and OpenList's
// CanWriteContentBypassUserPerms: the meta lets users without PermWrite
// write at p.
func metaWriteBypass(m *metaRow, p string) bool {
	return m != nil && m.Write && metaCovers(m, p, m.WSub)
}

func (s *Server) metaCanWriteContent(u *userRec, m *metaRow, p string) bool {
	return s.metaUserCan(u, PermWrite, p) || metaWriteBypass(m, p)
}

// What the fs handlers call.

// metaRead is the check of fs/list, fs/get and fs/dirs: the nearest meta
// of reqPath, or 403 when the user may not read there.
func (c *reqCtx) metaRead(reqPath, password string) (*metaRow, error) {
	m := c.s.nearestMeta(reqPath)
	if !c.s.metaCanAccess(c.user, m, reqPath, password) {
		return nil, errMetaAccess
	}
	return m, nil
}

// metaFilter leaves out the entries of folder dir that m hides from the
// user (the listing may be a storage's cached one: it is not changed).
func (c *reqCtx) metaFilter(m *metaRow, dir string, objs []obj) []obj {
	res := c.s.metaHides(c.user, m, dir)
	if res == nil {
		return objs
	}
	return slices.DeleteFunc(slices.Clone(objs), func(o obj) bool { return matchesAny(res, o.name) })
}

// metaRefreshAllowed: a refresh needs the write permission, or a meta that
// lets the user write there.
func (c *reqCtx) metaRefreshAllowed(m *metaRow, p string) bool {
	return c.s.metaCanWriteContent(c.user, m, p)
}

// metaTextFields are the readme and header fs/list and fs/get return for p.
func metaTextFields(m *metaRow, p string) []field {
	readme, header := "", ""
	if m != nil && metaCovers(m, p, m.RSub) {
		readme = m.Readme
	}
	if m != nil && metaCovers(m, p, m.HeaderSub) {
		header = m.Header
	}
	return []field{{"readme", readme}, {"header", header}}
}

// metaListFields are fs/list's readme, header and write fields. AList's
// write tells whether the user may write in the folder. OpenList's only
// tells whether write_users lets the user write (true for a user without
// any permission bit, as its transcripts show), and write_content_bypass
// whether the meta lets users without PermWrite write.
func (c *reqCtx) metaListFields(m *metaRow, p string) []field {
	f := metaTextFields(m, p)
	if !c.s.flavor.openList() {
		return append(f, field{"write", c.s.metaCanWriteContent(c.user, m, p)})
	}
	return append(f,
		field{"write", metaWriteAllowed(c.user, m, p)},
		field{"write_content_bypass", metaWriteBypass(m, p)},
	)
}

// metaRequireMkdir is FsMkdir's check: a user without PermWrite may make
// the folder only where the nearest meta of its parent lets users write
// (at the new folder's path: without w_sub only the meta's own folder,
// which exists, qualifies; that is the real servers' code). On OpenList,
// write_users of the parent's meta must also admit the user (inferred:
// when write_users is set only the listed users may write; the v4.2 source
// of that check was not read).
func (c *reqCtx) metaRequireMkdir(reqPath string) error {
	if !c.s.flavor.openList() && c.s.metaUserCan(c.user, PermWrite, reqPath) {
		return nil // AList looks no meta up then (which matters to v3.38's cache)
	}
	dir := path.Dir(reqPath)
	return c.metaRequireWrite(c.s.nearestMeta(dir), dir, reqPath)
}

// metaRequireUpload is the FsUp middleware's check of fs/put and fs/form:
// the file's name must not be hidden, the folder's password (header
// Password) must be given unless the user may go without, and the user
// must hold PermWrite or the nearest meta of the folder must let users
// write there; otherwise 403 "permission denied".
func (c *reqCtx) metaRequireUpload(reqPath string) error {
	dir := path.Dir(reqPath)
	m := c.s.nearestMeta(dir)
	if !c.s.metaCanAccess(c.user, m, reqPath, c.r.Header.Get("Password")) {
		return errPermissionDenied
	}
	return c.metaRequireWrite(m, dir, dir)
}

func (c *reqCtx) metaRequireWrite(m *metaRow, dir, at string) error {
	if !c.s.metaCanWriteContent(c.user, m, at) || !metaWriteAllowed(c.user, m, dir) {
		return errPermissionDenied
	}
	return nil
}
