package alisttest

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// AList v3.62's shares: /api/share/{create,update,list,disable,delete}
// for their creator only, and the public /api/public/share/* with /sd and
// /sp (share_download.go). Shapes, messages and their order follow the
// live recordings; where those are silent, v3.62's server/handles/share.go
// and share_public.go.

type (
	alistShareCreateReq struct {
		Path          string `json:"path"`
		ShareID       string `json:"share_id"`
		Name          string `json:"name"`
		Password      string `json:"password"`
		ExpireAt      string `json:"expire_at"`
		ExpireHours   int64  `json:"expire_hours"`
		AccessLimit   int64  `json:"access_limit"`
		BurnAfterRead *bool  `json:"burn_after_read"`
		AllowPreview  *bool  `json:"allow_preview"`
		AllowDownload *bool  `json:"allow_download"`
	}
	alistShareUpdateReq struct {
		ShareID       string  `json:"share_id"`
		NewShareID    string  `json:"new_share_id"`
		Name          string  `json:"name"`
		Password      string  `json:"password"`
		ExpireAt      *string `json:"expire_at"`
		AccessLimit   *int64  `json:"access_limit"`
		AllowPreview  *bool   `json:"allow_preview"`
		AllowDownload *bool   `json:"allow_download"`
	}
	alistShareIDReq struct {
		ShareID string `json:"share_id"`
	}
)

// bindJSONBody decodes a JSON body; any other body binds nothing. The real
// request types have json tags only, so gin's form binding (a query
// string, a form) fills none of their fields.
func bindJSONBody(r *http.Request, dst any) error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if r.Method == http.MethodGet || ct != "application/json" {
		return nil
	}
	if err := json.NewDecoder(r.Body).Decode(dst); err != nil {
		return &apiError{400, err.Error()}
	}
	return nil
}

func errRequired(typ, field string) error {
	return failf(400, "Key: '%s.%s' Error:Field validation for '%s' failed on the 'required' tag", typ, field, field)
}

var (
	alistShareIDRE      = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)
	errShareIDInvalid   = &apiError{400, "share_id must be 1-32 characters of letters, numbers, underscore or hyphen"}
	errShareLinkExists  = &apiError{400, "share link already exists"}
	errShareNotFound    = &apiError{404, "record not found"}
	errShareNoPerm      = &apiError{403, "you have no permission"}
	errShareLimitNeg    = &apiError{400, "access_limit must be 0 or greater"}
	errShareExpireHours = &apiError{400, "expire_hours must be 0 or greater"}
	errShareExpireAt    = &apiError{400, "invalid expire_at"}
)

func (s *Server) alistShareRoutes(rt map[string]route) {
	rt["/api/share/create"] = route{methods: post, auth: true, h: handleAlistShareCreate}
	rt["/api/share/update"] = route{methods: post, auth: true, h: handleAlistShareUpdate}
	rt["/api/share/list"] = route{methods: get, auth: true, h: handleAlistShareList}
	rt["/api/share/disable"] = route{methods: post, auth: true, h: handleAlistShareDisable}
	rt["/api/share/delete"] = route{methods: post, auth: true, h: handleAlistShareDelete}
	rt["/api/public/share/info"] = route{methods: get, h: handleAlistShareInfo}
	rt["/api/public/share/auth"] = route{methods: post, h: handleAlistShareAuth}
	rt["/api/public/share/list"] = route{methods: post, h: handleAlistSharePublicList}
	rt["/api/public/share/get"] = route{methods: post, h: handleAlistSharePublicGet}
}

// notGuest is AuthNotGuest: the guest (when enabled) may not manage shares.
func (c *reqCtx) notGuest() error {
	if c.user.isGuest() {
		return &apiError{401, "You are a guest"}
	}
	return nil
}

func (r *shareRec) effectiveLimit() int64 {
	if r.accessLimit > 0 {
		return r.accessLimit
	}
	if r.burnAfterRead {
		return 1
	}
	return 0
}

func (r *shareRec) remaining() int64 {
	l := r.effectiveLimit()
	if l <= 0 {
		return 0
	}
	return max(l-r.accessCount, 0)
}

func (r *shareRec) consumed() bool {
	l := r.effectiveLimit()
	return r.consumedAt != nil || l > 0 && r.accessCount >= l
}

func (r *shareRec) expired(now time.Time) bool {
	return r.expires != nil && !r.expires.After(now)
}

// alistShareRow is ShareResp.
func alistShareRow(req *http.Request, r *shareRec) object {
	limit := r.effectiveLimit()
	return object{
		{"id", r.rowID},
		{"share_id", r.id},
		{"name", r.name},
		{"root_path", r.rootPath},
		{"is_dir", r.isDir},
		{"has_password", r.password != ""},
		{"burn_after_read", limit == 1},
		{"access_limit", limit},
		{"access_count", r.accessCount},
		{"remaining_accesses", r.remaining()},
		{"allow_preview", r.allowPreview},
		{"allow_download", r.allowDownload},
		{"enabled", r.enabled},
		{"view_count", r.viewCount},
		{"download_count", r.downloadCount},
		{"last_access_at", r.lastAccess},
		{"consumed_at", r.consumedAt},
		{"expires_at", r.expires},
		{"created_at", r.created},
		{"updated_at", r.updated},
		{"url", apiURL(req) + "/s/" + r.id},
	}
}

// parseAlistExpireAt: RFC 3339, or three zoneless layouts in the server's
// local time; "" is no expiry. A past time is accepted.
func parseAlistExpireAt(raw string) (*time.Time, error) {
	v := strings.TrimSpace(raw)
	if v == "" {
		return nil, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return &t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, v, time.Local); err == nil {
			return &t, nil
		}
	}
	return nil, errShareExpireAt
}

// canReadByRole is v3.62's CanReadPathByRole: one of the user's role
// scopes holds the path (there is no share permission bit).
func (s *Server) canReadByRole(u *userRec, p string) bool {
	if u.isAdmin() {
		return true
	}
	for _, sc := range u.scopes {
		if isSubPath(sc.Path, p) {
			return true
		}
	}
	return false
}

// alistShareID checks a requested id: "" is a new random one (or keep),
// else the pattern and uniqueness across all users.
func (st *shareStore) alistShareIDLocked(raw, keep string, self *shareRec) (string, error) {
	id := strings.TrimSpace(raw)
	if id == "" {
		if keep != "" {
			return keep, nil
		}
		return st.newIDLocked(), nil
	}
	if !alistShareIDRE.MatchString(id) {
		return "", errShareIDInvalid
	}
	if other := st.byIDLocked(id); other != nil && other != self {
		return "", errShareLinkExists
	}
	return id, nil
}

func handleAlistShareCreate(c *reqCtx) (any, error) {
	if err := c.notGuest(); err != nil {
		return nil, err
	}
	var req alistShareCreateReq
	if err := bindJSONBody(c.r, &req); err != nil {
		return nil, err
	}
	if req.Path == "" {
		return nil, errRequired("CreateShareReq", "Path")
	}
	s := c.s
	// v3.62 takes a path other than "/" as absolute (user.JoinPath), and
	// the role scopes decide (not this server's base path stand-in).
	if hasRelative(req.Path) {
		return nil, &apiError{403, s.flavor.msgRelativePath()}
	}
	p := fixAndCleanPath(req.Path)
	if !s.canReadByRole(c.user, p) {
		return nil, errShareNoPerm
	}
	o, err := s.fsGet(p)
	if err != nil {
		return nil, fail(500, err)
	}
	st := &s.shares
	st.mu.Lock()
	defer st.mu.Unlock()
	id, err := st.alistShareIDLocked(req.ShareID, "", nil)
	if err != nil {
		return nil, err
	}
	if req.AccessLimit < 0 {
		return nil, errShareLimitNeg
	}
	limit := req.AccessLimit
	if limit == 0 && req.BurnAfterRead != nil && *req.BurnAfterRead {
		limit = 1
	}
	var expires *time.Time
	switch {
	case strings.TrimSpace(req.ExpireAt) != "":
		if expires, err = parseAlistExpireAt(req.ExpireAt); err != nil {
			return nil, err
		}
	case req.ExpireHours < 0:
		return nil, errShareExpireHours
	case req.ExpireHours > 0:
		t := time.Now().Add(time.Duration(req.ExpireHours) * time.Hour)
		expires = &t
	}
	name := strings.TrimSpace(req.Name)
	if name == "" {
		name = o.name
	}
	now := time.Now()
	r := &shareRec{
		id: id, creatorID: c.user.id, created: now, updated: now, expires: expires,
		name: name, rootPath: p, isDir: o.isDir, password: req.Password,
		burnAfterRead: limit == 1, accessLimit: limit,
		// allow_preview/allow_download false are stored true: gorm's
		// default:true replaces a false (zero) value on insert.
		allowPreview: true, allowDownload: true, enabled: true,
	}
	st.addLocked(r)
	return alistShareRow(c.r, r), nil
}

// ownShareLocked is the caller's share with that id: v3.62 finds shares by
// creator and id, so another user's share (even for an admin) is not found.
func (st *shareStore) ownShareLocked(u *userRec, id string) *shareRec {
	r := st.byIDLocked(id)
	if r == nil || r.creatorID != u.id {
		return nil
	}
	return r
}

// withOwnShare binds a request naming a share_id (typ is the request
// type the required-field message names) and runs fn on the caller's share
// with that id (nil if none) under the store's lock.
func (c *reqCtx) withOwnShare(req any, id *string, typ string, fn func(st *shareStore, r *shareRec) (any, error)) (any, error) {
	if err := c.notGuest(); err != nil {
		return nil, err
	}
	if err := bindJSONBody(c.r, req); err != nil {
		return nil, err
	}
	if *id == "" {
		return nil, errRequired(typ, "ShareID")
	}
	st := &c.s.shares
	st.mu.Lock()
	defer st.mu.Unlock()
	return fn(st, st.ownShareLocked(c.user, *id))
}

func handleAlistShareUpdate(c *reqCtx) (any, error) {
	var req alistShareUpdateReq
	return c.withOwnShare(&req, &req.ShareID, "UpdateShareReq", func(st *shareStore, r *shareRec) (any, error) {
		if r == nil {
			return nil, errShareNotFound
		}
		return c.updateAlistShare(st, r, req)
	})
}

func (c *reqCtx) updateAlistShare(st *shareStore, r *shareRec, req alistShareUpdateReq) (any, error) {
	id, err := st.alistShareIDLocked(req.NewShareID, r.id, r)
	if err != nil {
		return nil, err
	}
	limit := r.effectiveLimit()
	if req.AccessLimit != nil {
		if *req.AccessLimit < 0 {
			return nil, errShareLimitNeg
		}
		limit = *req.AccessLimit
	}
	expires := r.expires
	if req.ExpireAt != nil {
		if expires, err = parseAlistExpireAt(*req.ExpireAt); err != nil {
			return nil, err
		}
	}
	r.id = id
	if n := strings.TrimSpace(req.Name); n != "" {
		r.name = n
	}
	r.burnAfterRead, r.accessLimit, r.expires = limit == 1, limit, expires
	if req.AllowPreview != nil {
		r.allowPreview = *req.AllowPreview
	}
	if req.AllowDownload != nil {
		r.allowDownload = *req.AllowDownload
	}
	if req.Password != "" { // "" keeps the password: it cannot be removed
		r.password = req.Password
	}
	// Lowering the limit to what was used consumes the share; raising it
	// never revives one (there is no enabled field).
	if r.enabled && limit > 0 && r.accessCount >= limit {
		now := time.Now()
		r.enabled = false
		if r.consumedAt == nil {
			r.consumedAt = &now
		}
	}
	r.touch()
	return alistShareRow(c.r, r), nil
}

func handleAlistShareList(c *reqCtx) (any, error) {
	if err := c.notGuest(); err != nil {
		return nil, err
	}
	st := &c.s.shares
	st.mu.Lock()
	defer st.mu.Unlock()
	var own []*shareRec
	for i := len(st.rows) - 1; i >= 0; i-- { // newest first
		if st.rows[i].creatorID == c.user.id {
			own = append(own, st.rows[i])
		}
	}
	start, end := pageOf(c.r, len(own))
	content := []object{}
	for _, r := range own[start:end] {
		content = append(content, alistShareRow(c.r, r))
	}
	return object{{"content", content}, {"total", len(own)}}, nil
}

func handleAlistShareDisable(c *reqCtx) (any, error) {
	var req alistShareIDReq
	return c.withOwnShare(&req, &req.ShareID, "ShareDeleteReq", func(_ *shareStore, r *shareRec) (any, error) {
		if r == nil {
			return nil, errShareNotFound
		}
		r.enabled = false
		r.touch()
		return nil, nil
	})
}

// handleAlistShareDelete deletes the caller's share with that id: an
// unknown id, or another user's share, is a success that deletes nothing
// (DELETE ... WHERE creator_id = ? AND share_id = ?).
func handleAlistShareDelete(c *reqCtx) (any, error) {
	var req alistShareIDReq
	return c.withOwnShare(&req, &req.ShareID, "ShareDeleteReq", func(st *shareStore, r *shareRec) (any, error) {
		if r != nil {
			st.removeLocked(r)
		}
		return nil, nil
	})
}

// Access tokens: base64url(HMAC-SHA256):unix-expiry over the share id and
// the row's state. v3.62 binds the token to updated_at in whole seconds,
// which every download and update moves, so a token serves one download
// (a second one in the same second would pass there). Here the binding is
// a generation counter moved by the same events, so the rule holds
// without depending on the clock.
const shareTokenLifetime = 24 * time.Hour

func (s *Server) shareTokenData(r *shareRec) string {
	return fmt.Sprintf("%s:%s:%d", r.id, r.password, r.generation)
}

func (s *Server) shareTokenKey() string { return s.AdminToken() + "-share-access" }

func (s *Server) shareToken(r *shareRec, ttl time.Duration) string {
	return signWith(s.shareTokenKey(), s.shareTokenData(r), time.Now().Add(ttl).Unix())
}

func (s *Server) verifyShareToken(r *shareRec, token string) error {
	key := s.shareTokenKey()
	return verifySignWith(func(data string, exp int64) string { return signWith(key, data, exp) },
		s.shareTokenData(r), token)
}
