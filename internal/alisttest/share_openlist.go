package alisttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// OpenList's "sharing": /api/share/{create,update,get,list,enable,disable,
// delete}, public access through fs/list and fs/get of /@s/<id> and
// /sd/<id> (share_download.go). Ids go in the query string; an id left
// out is the empty id, which gorm turns into "no condition": get, enable
// and disable then act on the table's first share (by id), delete refuses.
// Behaviour from the live recording, the rest from OpenList v4.2.5's
// server/handles/sharing.go, internal/op/sharing.go, internal/db/sharing.go.

type openListShareReq struct {
	Files          []string        `json:"files"`
	Expires        json.RawMessage `json:"expires"`
	Pwd            string          `json:"pwd"`
	MaxAccessed    int             `json:"max_accessed"`
	Disabled       bool            `json:"disabled"`
	Remark         string          `json:"remark"`
	Readme         string          `json:"readme"`
	Header         string          `json:"header"`
	OrderBy        string          `json:"order_by"`
	OrderDirection string          `json:"order_direction"`
	ExtractFolder  string          `json:"extract_folder"`
	Creator        string          `json:"creator"`
	Accessed       int             `json:"accessed"`
	ID             string          `json:"id"`
	NewID          string          `json:"new_id"`

	expires *time.Time
}

var (
	openListShareIDRE          = regexp.MustCompile(`^[\w\p{Han}\-]+$`)
	errSharingNotFound         = &apiError{404, "sharing not found"}
	errSharingNoObject         = &apiError{400, "must add at least 1 object"}
	errSharingNoUser           = &apiError{400, "no such a user"}
	errSharingExists           = &apiError{500, "sharing already exist"}
	errSharingIDExists         = &apiError{500, "sharing id already exists"}
	errSharingWhereConditions  = &apiError{500, "WHERE conditions required"}
	errSharingIDTooLong        = &apiError{400, "share id must be at most 64 characters"}
	errSharingIDCharacters     = &apiError{400, "share id can only contain letters, numbers, underscores, hyphens, and CJK characters"}
	errSharingPermissionDenied = errPermissionDenied
)

func (s *Server) openListShareRoutes(rt map[string]route) {
	rt["/api/share/list"] = route{auth: true, h: handleSharingList}
	rt["/api/share/get"] = route{methods: get, auth: true, h: handleSharingGet}
	rt["/api/share/create"] = route{methods: post, auth: true, h: handleSharingCreate}
	rt["/api/share/update"] = route{methods: post, auth: true, h: handleSharingUpdate}
	rt["/api/share/delete"] = route{methods: post, auth: true, h: handleSharingDelete}
	rt["/api/share/enable"] = route{methods: post, auth: true, h: func(c *reqCtx) (any, error) { return c.setSharingDisabled(false) }}
	rt["/api/share/disable"] = route{methods: post, auth: true, h: func(c *reqCtx) (any, error) { return c.setSharingDisabled(true) }}
	// fs/list and fs/get serve /@s/<id> without login (share_download.go).
	rt["/api/fs/list"] = openListFsRoute(rt["/api/fs/list"].h, handleSharingFsList)
	rt["/api/fs/get"] = openListFsRoute(rt["/api/fs/get"].h, handleSharingFsGet)
}

// bindSharing decodes a create/update body. expires must be RFC 3339: the
// real server's JSON decoder (jsoniter) reports a bad one with its
// position in the body, imitated here.
func bindSharing(c *reqCtx) (openListShareReq, error) {
	var req openListShareReq
	body, err := io.ReadAll(c.r.Body)
	if err != nil {
		return req, &apiError{400, err.Error()}
	}
	c.r.Body = io.NopCloser(bytes.NewReader(body))
	if err := bindJSONBody(c.r, &req); err != nil {
		return req, err
	}
	if raw := bytes.TrimSpace(req.Expires); len(raw) > 0 && string(raw) != "null" {
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return req, &apiError{400, "handles.UpdateSharingReq.Expires: " + err.Error()}
		}
		t, err := time.Parse(time.RFC3339, text)
		if err != nil {
			return req, &apiError{400, "handles.UpdateSharingReq.Expires: unmarshalerDecoder: " + err.Error() + jsoniterContext(body, raw)}
		}
		req.expires = &t
	}
	if len(req.Files) == 0 || len(req.Files) == 1 && req.Files[0] == "" {
		return req, errSharingNoObject
	}
	return req, nil
}

// jsoniterContext is what jsoniter appends to a decoding error: the bytes
// around the position after the bad value.
func jsoniterContext(body, raw []byte) string {
	at := bytes.Index(body, raw)
	if at < 0 {
		return ""
	}
	head := at + len(raw)
	peek := body[max(head-10, 0):min(head+10, len(body))]
	ctx := body[max(head-50, 0):min(head+50, len(body))]
	return fmt.Sprintf(", error found in #%d byte of ...|%s|..., bigger context ...|%s|...", head-max(head-10, 0), peek, ctx)
}

func validateSharingID(id string) error {
	if len([]rune(id)) > 64 {
		return errSharingIDTooLong
	}
	if !openListShareIDRE.MatchString(id) {
		return errSharingIDCharacters
	}
	return nil
}

// sharingFirstLocked is the share gorm's First finds for an id: the id's
// row, or with the empty id (no condition) the first row by id.
func (st *shareStore) sharingFirstLocked(id string) *shareRec {
	if id != "" {
		return st.byIDLocked(id)
	}
	var first *shareRec
	for _, r := range st.rows {
		if first == nil || r.id < first.id {
			first = r
		}
	}
	return first
}

// sharingsLocked are the shares by id, all or the creator's (-1: all).
func (st *shareStore) sharingsLocked(creator int) []*shareRec {
	var out []*shareRec
	for _, r := range st.rows {
		if creator < 0 || r.creatorID == creator {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// sharingRow is SharingResp.
func (s *Server) sharingRow(r *shareRec) object {
	creator, role := "", 0
	if u := s.userByID(r.creatorID); u != nil {
		creator, role = u.Username, u.Role
	}
	files := r.files
	if files == nil {
		files = []string{}
	}
	return object{
		{"id", r.id},
		{"expires", r.expires},
		{"pwd", r.pwd},
		{"accessed", r.accessed},
		{"max_accessed", r.maxAccessed},
		{"disabled", r.disabled},
		{"remark", r.remark},
		{"readme", r.readme},
		{"header", r.header},
		{"order_by", r.orderBy},
		{"order_direction", r.orderDir},
		{"extract_folder", r.extractFolder},
		{"files", files},
		{"creator", creator},
		{"creator_role", role},
	}
}

// sharingUser is the user a create or update acts for: the named creator
// when an admin names one (no permission bit is checked then), else the
// caller, who needs the share bit.
func (c *reqCtx) sharingUser(req openListShareReq) (*userRec, error) {
	if c.user.isAdmin() && req.Creator != "" {
		u := c.s.userWhere(func(a *authState) *userRec { return a.users[req.Creator] })
		if u == nil {
			return nil, errSharingNoUser
		}
		return u, nil
	}
	if c.user.Permission&PermShare == 0 {
		return nil, errSharingPermissionDenied
	}
	return c.user, nil
}

// sharingFiles cleans the paths; a non-admin may share only below the
// user's base path (the paths are not joined to it).
func (c *reqCtx) sharingFiles(u *userRec, files []string) ([]string, error) {
	out := make([]string, len(files))
	for i, f := range files {
		f = fixAndCleanPath(f)
		if !c.user.isAdmin() && !isSubPath(u.BasePath, f) {
			return nil, failf(500, "permission denied to share path [%s]", f)
		}
		out[i] = f
	}
	return out, nil
}

func (r *shareRec) setSharing(req openListShareReq, files []string) {
	r.files, r.expires, r.pwd = files, req.expires, req.Pwd
	r.accessed, r.maxAccessed, r.disabled = req.Accessed, req.MaxAccessed, req.Disabled
	r.orderBy, r.orderDir, r.extractFolder = req.OrderBy, req.OrderDirection, req.ExtractFolder
	r.remark, r.readme, r.header = req.Remark, req.Readme, req.Header
}

func handleSharingCreate(c *reqCtx) (any, error) {
	if err := c.notGuest(); err != nil {
		return nil, err
	}
	req, err := bindSharing(c)
	if err != nil {
		return nil, err
	}
	if req.ID != "" {
		if err := validateSharingID(req.ID); err != nil {
			return nil, err
		}
	}
	u, err := c.sharingUser(req)
	if err != nil {
		return nil, err
	}
	if u == c.user && req.ID != "" && c.user.Permission&PermShareCustomID == 0 {
		return nil, errSharingPermissionDenied
	}
	files, err := c.sharingFiles(u, req.Files)
	if err != nil {
		return nil, err
	}
	st := &c.s.shares
	st.mu.Lock()
	id := req.ID
	if id == "" {
		id = st.newIDLocked()
	} else if st.byIDLocked(id) != nil {
		st.mu.Unlock()
		return nil, errSharingExists
	}
	now := time.Now()
	r := &shareRec{id: id, creatorID: u.id, created: now, updated: now}
	r.setSharing(req, files)
	st.addLocked(r)
	snap := *r
	st.mu.Unlock()
	return c.s.sharingRow(&snap), nil
}

// handleSharingUpdate replaces the whole share with the body: what it
// leaves out is cleared, and accessed takes the body's value (0 if none).
func handleSharingUpdate(c *reqCtx) (any, error) {
	if err := c.notGuest(); err != nil {
		return nil, err
	}
	req, err := bindSharing(c)
	if err != nil {
		return nil, err
	}
	u, err := c.sharingUser(req)
	if err != nil {
		return nil, err
	}
	files, err := c.sharingFiles(u, req.Files)
	if err != nil {
		return nil, err
	}
	snap, err := c.replaceSharing(req, u, files)
	if err != nil {
		return nil, err
	}
	return c.s.sharingRow(&snap), nil
}

func (c *reqCtx) replaceSharing(req openListShareReq, u *userRec, files []string) (shareRec, error) {
	st := &c.s.shares
	st.mu.Lock()
	defer st.mu.Unlock()
	r := st.sharingFirstLocked(req.ID)
	if r == nil || !c.user.isAdmin() && r.creatorID != u.id {
		return shareRec{}, errSharingNotFound
	}
	creator := u.id
	if c.user.isAdmin() && req.Creator == "" {
		creator = r.creatorID
	}
	newID := r.id
	if req.NewID != "" && req.NewID != req.ID {
		if c.user.Permission&PermShareCustomID == 0 {
			return shareRec{}, errSharingPermissionDenied
		}
		if err := validateSharingID(req.NewID); err != nil {
			return shareRec{}, err
		}
		if st.byIDLocked(req.NewID) != nil {
			return shareRec{}, errSharingIDExists
		}
		newID = req.NewID
	}
	r.id, r.creatorID = newID, creator
	r.setSharing(req, files)
	r.touch()
	return *r, nil
}

// ownSharingLocked is the share an id names (the first one for ""), if the
// caller may see it: an admin sees every share.
func (c *reqCtx) ownSharingLocked(id string) *shareRec {
	r := c.s.shares.sharingFirstLocked(id)
	if r == nil || !c.user.isAdmin() && r.creatorID != c.user.id {
		return nil
	}
	return r
}

// withSharing runs fn on the share ?id= names (the first for none) if the
// caller may see it, under the store's lock; else 404 "sharing not found".
func (c *reqCtx) withSharing(fn func(r *shareRec) any) (any, error) {
	if err := c.notGuest(); err != nil {
		return nil, err
	}
	st := &c.s.shares
	st.mu.Lock()
	defer st.mu.Unlock()
	r := c.ownSharingLocked(c.r.URL.Query().Get("id"))
	if r == nil {
		return nil, errSharingNotFound
	}
	return fn(r), nil
}

func handleSharingGet(c *reqCtx) (any, error) {
	var snap shareRec
	if _, err := c.withSharing(func(r *shareRec) any { snap = *r; return nil }); err != nil {
		return nil, err
	}
	return c.s.sharingRow(&snap), nil // reads the accounts: not under the store's lock
}

// handleSharingList: an admin sees every user's shares, others their own;
// ordered by id. page and per_page come from the query or a JSON body.
func handleSharingList(c *reqCtx) (any, error) {
	if err := c.notGuest(); err != nil {
		return nil, err
	}
	var req struct {
		Page    int `json:"page"`
		PerPage int `json:"per_page"`
	}
	if err := bindJSONBody(c.r, &req); err != nil {
		return nil, err
	}
	q := c.r.URL.Query()
	if v, err := strconv.Atoi(q.Get("page")); err == nil {
		req.Page = v
	}
	if v, err := strconv.Atoi(q.Get("per_page")); err == nil {
		req.PerPage = v
	}
	creator := c.user.id
	if c.user.isAdmin() {
		creator = -1
	}
	st := &c.s.shares
	st.mu.Lock()
	var rows []shareRec
	for _, r := range st.sharingsLocked(creator) {
		rows = append(rows, *r)
	}
	st.mu.Unlock()
	start, end := 0, len(rows)
	if req.PerPage > 0 {
		start = min(max(req.Page-1, 0)*req.PerPage, len(rows))
		end = min(start+req.PerPage, len(rows))
	}
	content := []object{}
	for i := start; i < end; i++ {
		content = append(content, c.s.sharingRow(&rows[i]))
	}
	return object{{"content", content}, {"total", len(rows)}}, nil
}

func (c *reqCtx) setSharingDisabled(disabled bool) (any, error) {
	return c.withSharing(func(r *shareRec) any {
		r.disabled = disabled
		r.touch()
		return nil
	})
}

// handleSharingDelete: an unknown id answers the lookup's error; the empty
// id finds the first share, whose delete gorm refuses without a condition.
func handleSharingDelete(c *reqCtx) (any, error) {
	if err := c.notGuest(); err != nil {
		return nil, err
	}
	id := c.r.URL.Query().Get("id")
	st := &c.s.shares
	st.mu.Lock()
	defer st.mu.Unlock()
	r := st.sharingFirstLocked(id)
	switch {
	case r == nil:
		return nil, failf(404, "failed get sharing [%s]: failed get sharing: record not found", id)
	case !c.user.isAdmin() && r.creatorID != c.user.id:
		return nil, errSharingNotFound
	case id == "":
		return nil, errSharingWhereConditions
	}
	st.removeLocked(r)
	return nil, nil
}

// sharingValid is Sharing.Valid: enabled, not used up, with files, a
// creator who still holds the share bit, and not expired.
func sharingValid(r *shareRec, creator *userRec, now time.Time) bool {
	switch {
	case r.disabled,
		r.maxAccessed > 0 && r.accessed >= r.maxAccessed,
		len(r.files) == 0,
		creator == nil || creator.Permission&PermShare == 0,
		r.expires != nil && !r.expires.IsZero() && r.expires.Before(now):
		return false
	}
	return true
}

// sharingUnwrap maps a path inside a share to the virtual path: below the
// single shared object, or below the shared object named by the first
// segment. The files must still lie under a non-admin creator's base path.
func sharingUnwrap(r *shareRec, creator *userRec, sub string) (string, error) {
	if creator != nil && !creator.isAdmin() {
		for _, f := range r.files {
			if !isSubPath(creator.BasePath, f) {
				return "", fmt.Errorf("sharing path [%s] is outside the creator's base path", f)
			}
		}
	}
	if len(r.files) == 1 {
		return path.Join(r.files[0], sub), nil
	}
	rel := fixAndCleanPath(sub)[1:]
	if rel == "" {
		return "", fmt.Errorf("cannot get actual path of a sharing root path")
	}
	child, rest, _ := strings.Cut(rel, "/")
	for _, f := range r.files {
		if path.Base(f) == child {
			return path.Join(f, rest), nil
		}
	}
	return "", fmt.Errorf("failed find child [%s] of sharing [%s]", child, r.id)
}

// countSharingAccess counts one access per share and client IP per 30
// minutes (OpenList's AccessCache).
func (s *Server) countSharingAccess(id, ip string) {
	st := &s.shares
	st.mu.Lock()
	defer st.mu.Unlock()
	key := id + ":" + ip
	now := time.Now()
	if t, ok := st.visits[key]; ok && now.Sub(t) < sharingVisitWindow {
		return
	}
	if st.visits == nil {
		st.visits = map[string]time.Time{}
	}
	st.visits[key] = now
	if r := st.byIDLocked(id); r != nil {
		r.accessed++
	}
}

const sharingVisitWindow = 30 * time.Minute
