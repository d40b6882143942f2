package alisttest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"sort"
	"strings"
	"syscall"
	"time"
)

// Public access to shares, without login: v3.62's /api/public/share/*,
// /sd and /sp; OpenList's fs/list and fs/get of /@s/<id> and its /sd.

// ---- v3.62 ----

type alistPublicShareReq struct {
	ShareID  string `json:"share_id"`
	Path     string `json:"path"`
	Token    string `json:"token"`
	Password string `json:"password"`
	Page     int    `json:"page"`
	PerPage  int    `json:"per_page"`
}

// alistPublicShare finds a share and checks that it may be served, in the
// real order: consumed (410), disabled (404, for good), expired (410).
// It returns a copy; changes go through editShare.
func (s *Server) alistPublicShare(id string) (shareRec, error) {
	st := &s.shares
	st.mu.Lock()
	defer st.mu.Unlock()
	r := st.byIDLocked(id)
	if r == nil {
		return shareRec{}, errShareNotFound
	}
	switch {
	case r.consumed():
		return shareRec{}, &apiError{410, "share has been consumed"}
	case !r.enabled:
		return shareRec{}, &apiError{404, "share is disabled"}
	case r.expired(time.Now()):
		return shareRec{}, &apiError{410, "share is expired"}
	}
	return *r, nil
}

// shareAccessToken is the token of a request: the body's, ?auth= or the
// X-Share-Token header.
func shareAccessToken(r *http.Request, fromBody string) string {
	if fromBody != "" {
		return fromBody
	}
	if t := r.URL.Query().Get("auth"); t != "" {
		return t
	}
	return r.Header.Get("X-Share-Token")
}

// alistShareAccess: a share with a password needs a valid token.
func (s *Server) alistShareAccess(r shareRec, token string) error {
	if r.password == "" {
		return nil
	}
	if token == "" {
		return &apiError{401, "share password required"}
	}
	if err := s.verifyShareToken(&r, token); err != nil {
		return &apiError{401, err.Error()}
	}
	return nil
}

// alistShareTarget maps a path inside the share to the virtual path: dot
// segments are cleaned inside the share's root; a file share has no
// sub-paths.
func alistShareTarget(r shareRec, raw string) (target, rel string, err error) {
	clean := fixAndCleanPath(raw)
	if !r.isDir && clean != "/" {
		return "", "", &apiError{400, "file share does not support nested path"}
	}
	if clean == "/" {
		return r.rootPath, "/", nil
	}
	return fixAndCleanPath(path.Join(r.rootPath, clean)), clean, nil
}

// viewShare counts a view: auth, and info when authed.
func (s *Server) viewShare(id string) {
	s.editShare(id, func(r *shareRec) {
		now := time.Now()
		r.viewCount++
		r.lastAccess = &now
	})
}

func handleAlistShareInfo(c *reqCtx) (any, error) {
	id := c.r.URL.Query().Get("share_id")
	if id == "" {
		return nil, &apiError{400, "share_id is required"}
	}
	s := c.s
	r, err := s.alistPublicShare(id)
	if err != nil {
		return nil, err
	}
	token := shareAccessToken(c.r, "")
	authed := r.password == "" || token != "" && s.verifyShareToken(&r, token) == nil
	if authed {
		s.viewShare(id)
	}
	row := alistShareRow(c.r, &r)
	info := row.pick("share_id", "name", "is_dir", "has_password", "burn_after_read", "access_limit",
		"access_count", "remaining_accesses", "allow_preview", "allow_download")
	info = append(info, field{"authed", authed})
	return append(info, row.pick("consumed_at", "expires_at", "created_at")...), nil
}

// handleAlistShareAuth trades the password for an access token (24 h, or
// until the share expires); a share without password gets "".
func handleAlistShareAuth(c *reqCtx) (any, error) {
	var req alistPublicShareReq
	if err := bindJSONBody(c.r, &req); err != nil {
		return nil, err
	}
	if req.ShareID == "" {
		return nil, errRequired("ShareAuthReq", "ShareID")
	}
	s := c.s
	r, err := s.alistPublicShare(req.ShareID)
	if err != nil {
		return nil, err
	}
	if r.password != "" && req.Password != r.password {
		return nil, &apiError{403, "password is incorrect"}
	}
	token := ""
	if r.password != "" {
		ttl := shareTokenLifetime
		if r.expires != nil {
			left := time.Until(*r.expires)
			if left <= 0 {
				return nil, &apiError{410, "share is expired"}
			}
			ttl = min(ttl, left)
		}
		token = s.shareToken(&r, ttl)
	}
	s.viewShare(r.id)
	return object{{"token", token}}, nil
}

// alistPublicTarget runs the checks list and get share: the share, its
// token, the path.
func (c *reqCtx) alistPublicTarget(req *alistPublicShareReq, typ string) (shareRec, string, string, obj, error) {
	if err := bindJSONBody(c.r, req); err != nil {
		return shareRec{}, "", "", obj{}, err
	}
	if req.ShareID == "" {
		return shareRec{}, "", "", obj{}, errRequired(typ, "ShareID")
	}
	s := c.s
	r, err := s.alistPublicShare(req.ShareID)
	if err != nil {
		return r, "", "", obj{}, err
	}
	token := shareAccessToken(c.r, req.Token)
	if err := s.alistShareAccess(r, token); err != nil {
		return r, "", "", obj{}, err
	}
	target, rel, err := alistShareTarget(r, req.Path)
	if err != nil {
		return r, "", "", obj{}, err
	}
	o, err := s.fsGet(target)
	if err != nil {
		return r, "", "", obj{}, fail(404, err)
	}
	return r, target, rel, o, nil
}

func handleAlistSharePublicList(c *reqCtx) (any, error) {
	var req alistPublicShareReq
	r, target, rel, o, err := c.alistPublicTarget(&req, "PublicShareListReq")
	if err != nil {
		return nil, err
	}
	if !o.isDir {
		return nil, &apiError{400, "path is not a directory"}
	}
	s := c.s
	objs, _, err := s.fsList(target, false)
	if err != nil {
		return nil, fail(500, err)
	}
	pg := s.paginate(len(objs), req.Page, req.PerPage)
	token := shareAccessToken(c.r, req.Token)
	content := []object{}
	for _, it := range objs[pg.start:pg.end] {
		content = append(content, alistPublicItem(c.r, r, it, path.Join(rel, it.name), token))
	}
	return object{
		{"content", content},
		{"total", len(objs)},
		{"page", pg.page},
		{"per_page", pg.perPage},
		{"has_more", pg.hasMore},
		{"pages_total", pg.pagesTotal},
	}, nil
}

func handleAlistSharePublicGet(c *reqCtx) (any, error) {
	var req alistPublicShareReq
	r, target, rel, o, err := c.alistPublicTarget(&req, "PublicShareReq")
	if err != nil {
		return nil, err
	}
	provider := "unknown"
	if m, _, err := c.s.storageFor(target); err == nil {
		provider = m.driver
	}
	token := shareAccessToken(c.r, req.Token)
	return object{{"item", alistPublicItem(c.r, r, o, rel, token)}, {"provider", provider}}, nil
}

// alistPublicItem is PublicShareObjResp: a file carries its /sd link when
// downloads are allowed and its /sp preview when previews are, with the
// caller's token (which dies at the first download).
func alistPublicItem(req *http.Request, r shareRec, o obj, rel, token string) object {
	it := object{
		{"name", o.name},
		{"size", o.size},
		{"is_dir", o.isDir},
		{"modified", o.modified},
		{"created", o.created},
		{"thumb", ""},
		{"type", listType(o)},
		{"path", rel},
	}
	if o.isDir {
		return it
	}
	if r.allowDownload {
		it = append(it, field{"download_url", shareAssetURL(req, "/sd/", r.id, rel, token, false)})
	}
	if r.allowPreview {
		it = append(it, field{"preview_url", shareAssetURL(req, "/sp/", r.id, rel, token, true)})
	}
	return it
}

func shareAssetURL(req *http.Request, prefix, id, rel, token string, preview bool) string {
	u := apiURL(req) + prefix + id
	if rel != "/" {
		u += escapePath(rel)
	}
	q := url.Values{}
	if token != "" {
		q.Set("auth", token)
	}
	if preview {
		q.Set("type", "preview")
	}
	if enc := q.Encode(); enc != "" {
		u += "?" + enc
	}
	return u
}

// handleAlistShareDownload serves /sd/<id>[/path] (download) and
// /sp/<id>[/path] (preview). Errors are JSON envelopes with HTTP 200.
// Each GET counts one access (HEAD none) and moves updated_at, which
// kills the token used; reaching the access limit consumes the share.
func handleAlistShareDownload(c *reqCtx) (any, error) {
	s := c.s
	preview := strings.HasPrefix(c.r.URL.Path, "/sp/")
	id, sub, _ := strings.Cut(c.r.URL.Path[len("/sd/"):], "/")
	r, err := s.alistPublicShare(id)
	if err != nil {
		return nil, err
	}
	switch {
	case preview && !r.allowPreview:
		return nil, &apiError{403, "preview is not allowed"}
	case !preview && !r.allowDownload:
		return nil, &apiError{403, "download is not allowed"}
	}
	if err := s.alistShareAccess(r, shareAccessToken(c.r, "")); err != nil {
		return nil, err
	}
	sub, err = url.PathUnescape(sub) // once more, after the router
	if err != nil {
		return nil, &apiError{400, err.Error()}
	}
	target, _, err := alistShareTarget(r, sub)
	if err != nil {
		return nil, err
	}
	o, err := s.fsGet(target)
	if err != nil {
		return nil, fail(404, err)
	}
	if o.isDir {
		if preview {
			return nil, &apiError{400, "directory preview is not supported"}
		}
		return nil, &apiError{400, "directory download is not supported"}
	}
	if c.r.Method != http.MethodHead {
		s.editShare(id, func(r *shareRec) {
			now := time.Now()
			if !preview {
				r.downloadCount++
			}
			r.accessCount++
			r.lastAccess = &now
			if l := r.effectiveLimit(); l > 0 && r.accessCount >= l {
				r.enabled = false
				r.consumedAt = &now
			}
			r.downloads++
			r.touch()
		})
	}
	return s.serveShared(c, target, o, "UTF-8")
}

// serveShared sends a shared file: from disk, or through the remote
// server for the AList V3 driver.
func (s *Server) serveShared(c *reqCtx, target string, o obj, charset string) (any, error) {
	if o.remote {
		s.serveRemote(c.w, c.r, target)
		return handled, nil
	}
	if err := serveShareFile(c.w, c.r, o, charset); err != nil {
		return nil, fail(500, err)
	}
	return handled, nil
}

// ---- OpenList ----

// openListFsRoute wraps fs/list or fs/get: a path under /@s is a share,
// served without login (even with the guest disabled); any other path
// logs in as usual.
func openListFsRoute(plain, shared func(*reqCtx) (any, error)) route {
	return route{h: func(c *reqCtx) (any, error) {
		body, err := io.ReadAll(io.LimitReader(c.r.Body, 1<<20))
		if err != nil {
			return nil, &apiError{400, err.Error()}
		}
		c.r.Body = io.NopCloser(bytes.NewReader(body))
		var probe struct {
			Path string `json:"path"`
		}
		_ = json.Unmarshal(body, &probe) // a bad body fails in the handler's bind
		if probe.Path == "/@s" || strings.HasPrefix(probe.Path, "/@s/") {
			return shared(c)
		}
		return c.run(route{auth: true, h: plain})
	}}
}

var (
	errSharingNone    = &apiError{500, "the share does not exist"}
	errSharingInvalid = &apiError{500, "the share has expired or is no longer valid"}
	errSharingCode    = &apiError{403, "wrong share code"}
)

// openListShared finds a share for fs/list and fs/get and checks it may be
// served with that password: exists, valid, password.
func (s *Server) openListShared(sid, pwd string) (shareRec, *userRec, error) {
	st := &s.shares
	st.mu.Lock()
	r := st.byIDLocked(sid)
	var snap shareRec
	if r != nil {
		snap = *r
	}
	st.mu.Unlock()
	if r == nil {
		return snap, nil, errSharingNone
	}
	creator := s.userByID(snap.creatorID)
	if !sharingValid(&snap, creator, time.Now()) {
		return snap, creator, errSharingInvalid
	}
	if snap.pwd != "" && snap.pwd != pwd {
		return snap, creator, errSharingCode
	}
	return snap, creator, nil
}

// splitSharePath splits "/@s/<id>/<sub>" into the id and the raw sub-path.
func splitSharePath(p string) (string, string) {
	sid, sub, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(p, "/@s"), "/"), "/")
	return sid, sub
}

// sortSharing is model.SortFiles with the share's order (none when
// order_by is empty).
func sortSharing(objs []obj, by, dir string) {
	if by == "" {
		return
	}
	less := func(a, b obj) bool {
		switch by {
		case "size":
			return a.size < b.size
		case "modified":
			return a.modified.Before(b.modified)
		}
		return a.name < b.name
	}
	sort.SliceStable(objs, func(i, j int) bool {
		if dir == "desc" {
			return less(objs[j], objs[i])
		}
		return less(objs[i], objs[j])
	})
}

// sharingRequest binds fs/list's or fs/get's request (path and password
// point into it) and finds the share its /@s path names.
func (c *reqCtx) sharingRequest(req any, p, password *string) (sid, rawSub string, r shareRec, creator *userRec, err error) {
	if err = bind(c.r, req); err != nil {
		return
	}
	if sid, rawSub = splitSharePath(*p); sid == "" {
		err = &apiError{400, "invalid share id"}
		return
	}
	r, creator, err = c.s.openListShared(sid, *password)
	return
}

func handleSharingFsList(c *reqCtx) (any, error) {
	var req listReq
	_, sub, r, creator, err := c.sharingRequest(&req, &req.Path, &req.Password)
	if err != nil {
		return nil, err
	}
	s := c.s
	sub = fixAndCleanPath(sub)
	var objs []obj
	if len(r.files) == 1 || sub != "/" {
		target, err := sharingUnwrap(&r, creator, sub)
		if err != nil {
			return nil, failf(500, "failed get sharing unwrap path: %v", err)
		}
		o, err := s.fsGet(target)
		switch {
		case err != nil:
			return nil, failf(500, "failed list sharing: failed get dir: %v", err)
		case !o.isDir:
			return nil, &apiError{500, "failed list sharing: not a folder"}
		}
		if objs, _, err = s.fsList(target, req.Refresh); err != nil {
			return nil, failf(500, "failed list sharing: %v", err)
		}
	} else {
		// The root of a share of several objects lists the objects; those
		// gone are left out.
		for _, f := range r.files {
			if o, err := s.fsGet(f); err == nil && f != "/" {
				objs = append(objs, o)
			}
		}
	}
	sortSharing(objs, r.orderBy, r.orderDir)
	s.countSharingAccess(r.id, clientIP(c.r))
	pg := s.paginate(len(objs), req.Page, req.PerPage)
	var content []object
	for _, o := range objs[pg.start:pg.end] {
		content = append(content, s.objectFields(o, "", nil, listType(o)).set("sign", ""))
	}
	return object{
		{"content", content},
		{"total", len(objs)},
		{"readme", r.readme},
		{"header", r.header},
		{"write", false},
		{"write_content_bypass", false},
		{"provider", "unknown"},
	}, nil
}

func handleSharingFsGet(c *reqCtx) (any, error) {
	var req fsGetReq
	sid, rawSub, r, creator, err := c.sharingRequest(&req, &req.Path, &req.Password)
	if err != nil {
		return nil, err
	}
	s := c.s
	sub := fixAndCleanPath(rawSub)
	o := obj{name: sid, isDir: true} // the root of a share of several objects
	if len(r.files) == 1 || sub != "/" {
		target, err := sharingUnwrap(&r, creator, sub)
		if err != nil {
			return nil, failf(500, "failed get sharing unwrap path: %v", err)
		}
		if target != "/" {
			if o, err = s.fsGet(target); err != nil {
				return nil, fail(500, err)
			}
		}
	}
	s.countSharingAccess(r.id, clientIP(c.r))
	rawURL := ""
	if !o.isDir {
		// The path as sent, so a single file's link ends in "/".
		rawURL = apiURL(c.r) + "/sd" + escapePath("/"+sid+"/"+rawSub)
		if r.pwd != "" {
			rawURL += "?pwd=" + r.pwd
		}
	}
	data := s.objectFields(o, "", nil, fileType(o.name)).set("sign", "")
	return append(data,
		field{"raw_url", rawURL},
		field{"readme", r.readme},
		field{"header", r.header},
		field{"provider", "unknown"},
		field{"related", nil},
	), nil
}

// handleOpenListShareDownload serves /sd/<id>[/path]?pwd=. Errors are
// HTML pages with the real HTTP status.
func handleOpenListShareDownload(c *reqCtx) (any, error) {
	s := c.s
	sid, sub, _ := strings.Cut(c.r.URL.Path[len("/sd/"):], "/")
	sub = fixAndCleanPath(sub)
	page := func(code int, msg string) (any, error) {
		writeErrorPage(c.w, code, msg)
		return handled, nil
	}
	r, creator, err := s.openListShared(sid, c.r.URL.Query().Get("pwd"))
	switch {
	case err == errSharingNone:
		return page(500, "failed get sharing ["+sid+"]: failed get sharing: record not found")
	case err != nil:
		ae := asAPIError(500, err)
		return page(ae.code, ae.msg)
	case len(r.files) != 1 && sub == "/":
		return page(500, "cannot get sharing root link")
	}
	target, err := sharingUnwrap(&r, creator, sub)
	if err != nil {
		return page(500, "failed get sharing unwrap path")
	}
	if _, _, err := s.storageFor(target); err != nil {
		return page(500, err.Error())
	}
	o, err := s.fsGet(target)
	if err != nil {
		return page(500, "failed get sharing link: failed to get file: "+s.statError(target, err))
	}
	if o.isDir {
		return page(500, "failed get sharing link: not a file")
	}
	s.countSharingAccess(r.id, clientIP(c.r))
	s.editShare(sid, func(r *shareRec) { r.downloads++ })
	if res, err := s.serveShared(c, target, o, "utf-8"); err == nil {
		return res, nil
	} else {
		return page(500, err.Error())
	}
}

// statError is OpenList's Local driver's error for a path whose parent is
// a file: the stat error, disk path included; else err's text.
func (s *Server) statError(target string, err error) string {
	if p := s.DiskPath(target); p != "" {
		if _, serr := os.Stat(p); errors.Is(serr, syscall.ENOTDIR) {
			return "failed to get obj: " + serr.Error()
		}
	}
	return err.Error()
}
