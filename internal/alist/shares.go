package alist

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Share links exist in two dialects that differ in every route, field and
// error: AList v3.62 ("shares": share_id, one path, partial updates, no get
// route, no enable) and OpenList v4 ("sharings": id, several files, whole
// updates, ids in the query string). AList v3.38 has none. Share and
// ShareSpec are the one shape the provider sees; the dialects live below.

// ErrSharesUnsupported: the server has no share links.
var ErrSharesUnsupported = errors.New("this server has no share links (AList v3.62 and later, and OpenList v4, have them; AList v3.38 does not)")

// Share is a share link as either server reports it.
type Share struct {
	ID    string   // v3.62 share_id, OpenList id
	Paths []string // v3.62: always one
	IsDir bool     // v3.62 only (OpenList does not say)
	// HasPassword: whether the share asks for a password. Password is
	// OpenList's, which it returns in clear; never set on v3.62, which
	// does not return it. Callers must not log or store it.
	HasPassword bool
	Password    string
	ExpiresAt   *time.Time
	MaxAccesses int64 // 0: unlimited
	AccessCount int64
	Disabled    bool // v3.62: disabled, or consumed (used up): either is for good
	// Consumed: v3.62 turned the share off when its access limit was reached.
	Consumed       bool
	Remark         string // OpenList only
	Readme, Header string // OpenList only
	// AllowPreview, AllowDownload: AList v3.62 only (/sp and /sd);
	// OpenList has neither (always true here).
	AllowPreview, AllowDownload bool
	Creator                     string // OpenList only

	ol *olShare // OpenList: the share as read, which a whole update starts from
}

// Expired tells whether the share's expiry has passed at now.
func (sh *Share) Expired(now time.Time) bool { return sh.ExpiresAt != nil && !sh.ExpiresAt.After(now) }

// ShareSpec is what a create or update sets.
type ShareSpec struct {
	ID    string // custom id; "" lets the server pick one (create only)
	Paths []string
	// Password: nil keeps the share's (OpenList: sends back what it has),
	// "" removes it (OpenList only: AList v3.62 takes "" as "keep").
	Password    *string
	ExpiresAt   *time.Time // nil: never
	MaxAccesses int64
	Remark      string // OpenList only
	Readme      string // OpenList only
	Header      string // OpenList only
	// AllowPreview, AllowDownload: AList v3.62 only; nil: true on
	// create, kept on update.
	AllowPreview, AllowDownload *bool
}

// shareDialect tells which share API the server has: OpenList's, AList's
// (v3.62; a release between v3.38 and v3.62 is asked: the route answers
// AList JSON, even a refusal, where it exists and the web UI's HTML where
// it does not), or none (ErrSharesUnsupported, naming the server).
func (s *Session) shareDialect(ctx context.Context) (openList bool, err error) {
	info, err := s.Info(ctx)
	if err != nil {
		return false, err
	}
	if info.IsOpenList() || info.aListAtLeast(62) {
		return info.IsOpenList(), nil
	}
	ok, err := s.routeExists(ctx, "/api/share/list")
	if err != nil {
		return false, err
	}
	if !ok {
		return false, fmt.Errorf("%s: %w", info, ErrSharesUnsupported)
	}
	return false, nil
}

// SharesSupported reports whether the server has share links; false comes
// with ErrSharesUnsupported naming the server.
func (s *Session) SharesSupported(ctx context.Context) error {
	_, err := s.shareDialect(ctx)
	return err
}

// a62Share is AList v3.62's ShareResp.
type a62Share struct {
	ShareID     string     `json:"share_id"`
	RootPath    string     `json:"root_path"`
	IsDir       bool       `json:"is_dir"`
	HasPassword bool       `json:"has_password"`
	AccessLimit int64      `json:"access_limit"`
	AccessCount int64      `json:"access_count"`
	Preview     bool       `json:"allow_preview"`
	Download    bool       `json:"allow_download"`
	Enabled     bool       `json:"enabled"`
	ConsumedAt  *time.Time `json:"consumed_at"`
	ExpiresAt   *time.Time `json:"expires_at"`
}

func (a *a62Share) share() *Share {
	return &Share{ID: a.ShareID, Paths: []string{a.RootPath}, IsDir: a.IsDir, HasPassword: a.HasPassword, ExpiresAt: a.ExpiresAt,
		MaxAccesses: a.AccessLimit, AccessCount: a.AccessCount, Disabled: !a.Enabled, Consumed: a.ConsumedAt != nil,
		AllowPreview: a.Preview, AllowDownload: a.Download}
}

// olShare is OpenList's sharing, every field: an update replaces the whole
// share, so that what it leaves out is cleared (the access counter too).
type olShare struct {
	ID             string     `json:"id"`
	Files          []string   `json:"files"`
	Expires        *time.Time `json:"expires"`
	Pwd            string     `json:"pwd"`
	Accessed       int64      `json:"accessed"`
	MaxAccessed    int64      `json:"max_accessed"`
	Disabled       bool       `json:"disabled"`
	Remark         string     `json:"remark"`
	Readme         string     `json:"readme"`
	Header         string     `json:"header"`
	OrderBy        string     `json:"order_by"`
	OrderDirection string     `json:"order_direction"`
	ExtractFolder  string     `json:"extract_folder"`
	Creator        string     `json:"creator,omitempty"`
}

func (o *olShare) share() *Share {
	c := *o
	return &Share{ID: o.ID, Paths: o.Files, HasPassword: o.Pwd != "", Password: o.Pwd, ExpiresAt: o.Expires, AllowPreview: true, AllowDownload: true,
		MaxAccesses: o.MaxAccessed, AccessCount: o.Accessed, Disabled: o.Disabled,
		Remark: o.Remark, Readme: o.Readme, Header: o.Header, Creator: o.Creator, ol: &c}
}

// shareCall runs a share call and keeps the OpenList password out of its
// error: OpenList's decoding errors quote the request body.
func (s *Session) shareCall(ctx context.Context, r *request, pwd string, out any) error {
	err := s.call(ctx, r, out)
	var ae *APIError
	if pwd != "" && errors.As(err, &ae) {
		ae.Message = strings.ReplaceAll(ae.Message, pwd, "<password>")
	}
	return err
}

// CreateShare creates a share.
func (s *Session) CreateShare(ctx context.Context, spec ShareSpec) (*Share, error) {
	openList, err := s.shareDialect(ctx)
	if err != nil {
		return nil, err
	}
	if openList {
		body := olShare{ID: spec.ID, Files: spec.Paths}
		if spec.ID != "" {
			// A custom id needs the "customise share id" permission, which
			// OpenList's first admin lacks, unless the body names the
			// creator (an admin's creator skips the check; a non-admin's
			// is ignored): naming oneself changes nothing else.
			me, err := s.CachedMe(ctx)
			if err != nil {
				return nil, err
			}
			body.Creator = me.Username
		}
		spec.overlay(&body)
		var out olShare
		if err := s.shareCall(ctx, &request{op: "share/create", method: http.MethodPost, path: "/api/share/create", json: body}, body.Pwd, &out); err != nil {
			return nil, err
		}
		return out.share(), nil
	}
	if len(spec.Paths) != 1 {
		return nil, fmt.Errorf("share/create: AList v3 shares exactly one path, got %d", len(spec.Paths))
	}
	body := map[string]any{"path": spec.Paths[0], "access_limit": spec.MaxAccesses}
	if spec.ID != "" {
		body["share_id"] = spec.ID
	}
	pwd := ""
	if spec.Password != nil && *spec.Password != "" {
		pwd = *spec.Password
		body["password"] = pwd
	}
	if spec.ExpiresAt != nil {
		body["expire_at"] = spec.ExpiresAt.UTC().Format(time.RFC3339)
	}
	var out a62Share
	if err := s.shareCall(ctx, &request{op: "share/create", method: http.MethodPost, path: "/api/share/create", json: body, remotePath: spec.Paths[0]}, pwd, &out); err != nil {
		return nil, err
	}
	if off(spec.AllowPreview) || off(spec.AllowDownload) {
		// v3.62 stores false as true on create (the columns' default:true
		// replaces a zero value on insert); an update sets them.
		return s.UpdateShare(ctx, out.ShareID, ShareSpec{Paths: spec.Paths, ExpiresAt: spec.ExpiresAt, MaxAccesses: spec.MaxAccesses,
			AllowPreview: spec.AllowPreview, AllowDownload: spec.AllowDownload})
	}
	return out.share(), nil
}

func off(b *bool) bool { return b != nil && !*b }

// overlay lays the spec on an OpenList body. A nil password keeps the
// body's.
func (spec ShareSpec) overlay(o *olShare) {
	o.Files, o.Expires, o.MaxAccessed = spec.Paths, spec.ExpiresAt, spec.MaxAccesses
	o.Remark, o.Readme, o.Header = spec.Remark, spec.Readme, spec.Header
	if spec.Password != nil {
		o.Pwd = *spec.Password
	}
}

// Share reads one share; a missing one is ErrNotFound. AList v3.62 has no
// get route: its share is found in the caller's own list.
func (s *Session) Share(ctx context.Context, id string) (*Share, error) {
	openList, err := s.shareDialect(ctx)
	if err != nil {
		return nil, err
	}
	if id == "" {
		// OpenList's get without an id answers the first share of the table
		return nil, errors.New("share/get: no share id")
	}
	if openList {
		var out olShare
		if err := s.call(ctx, &request{op: "share/get", method: http.MethodGet, path: "/api/share/get", query: url.Values{"id": {id}}, idempotent: true}, &out); err != nil {
			return nil, err
		}
		return out.share(), nil
	}
	for page, err := range adminPages[a62Share](ctx, s, "share/list", "/api/share/list", 100) {
		if err != nil {
			return nil, err
		}
		for i := range page {
			if page[i].ShareID == id {
				return page[i].share(), nil
			}
		}
	}
	return nil, &APIError{Op: "share/list", Code: 404, Message: "no share " + id + " among this account's shares", Kind: ErrNotFound}
}

// Shares lists the account's shares (on OpenList, an admin's list holds
// every account's), every page, in the server's order.
func (s *Session) Shares(ctx context.Context) ([]Share, error) {
	openList, err := s.shareDialect(ctx)
	if err != nil {
		return nil, err
	}
	if openList {
		return allShares[olShare](ctx, s)
	}
	return allShares[a62Share](ctx, s)
}

// allShares reads every page of a dialect's share list.
func allShares[T any, P interface {
	*T
	share() *Share
}](ctx context.Context, s *Session) ([]Share, error) {
	var all []Share
	for page, err := range adminPages[T](ctx, s, "share/list", "/api/share/list", 100) {
		if err != nil {
			return nil, err
		}
		for i := range page {
			all = append(all, *P(&page[i]).share())
		}
	}
	return all, nil
}

// UpdateShare sets a share's spec (its Paths must be the share's own on
// AList v3.62, which cannot change them). OpenList replaces the whole share
// with the body, so the body is the share as read with the spec over it,
// its access counter and display order included.
func (s *Session) UpdateShare(ctx context.Context, id string, spec ShareSpec) (*Share, error) {
	cur, err := s.Share(ctx, id)
	if err != nil {
		return nil, err
	}
	if cur.ol != nil {
		body := *cur.ol
		body.Creator = ""
		spec.overlay(&body)
		var out olShare
		if err := s.shareCall(ctx, &request{op: "share/update", method: http.MethodPost, path: "/api/share/update", json: body}, body.Pwd, &out); err != nil {
			return nil, err
		}
		return out.share(), nil
	}
	body := map[string]any{"share_id": id, "access_limit": spec.MaxAccesses, "expire_at": ""}
	if spec.ExpiresAt != nil {
		body["expire_at"] = spec.ExpiresAt.UTC().Format(time.RFC3339)
	}
	pwd := ""
	if spec.Password != nil && *spec.Password != "" {
		pwd = *spec.Password
		body["password"] = pwd
	}
	if spec.AllowPreview != nil {
		body["allow_preview"] = *spec.AllowPreview
	}
	if spec.AllowDownload != nil {
		body["allow_download"] = *spec.AllowDownload
	}
	var out a62Share
	if err := s.shareCall(ctx, &request{op: "share/update", method: http.MethodPost, path: "/api/share/update", json: body}, pwd, &out); err != nil {
		return nil, err
	}
	return out.share(), nil
}

// ErrShareNotRevivable: AList v3.62 cannot turn a disabled or used-up
// share back on (it has no enable route, and raising the limit does not
// revive it): only a new share can.
var ErrShareNotRevivable = errors.New("AList v3.62 cannot turn a disabled or used-up share back on")

// SetShareDisabled disables or enables a share. OpenList takes the id in
// the query only: with the id in the body alone it acts on the first share
// of its table.
func (s *Session) SetShareDisabled(ctx context.Context, id string, disabled bool) error {
	openList, err := s.shareDialect(ctx)
	if err != nil {
		return err
	}
	if id == "" {
		return errors.New("share/disable: no share id")
	}
	if openList {
		op := "share/enable"
		if disabled {
			op = "share/disable"
		}
		return s.call(ctx, &request{op: op, method: http.MethodPost, path: "/api/" + op, query: url.Values{"id": {id}}}, nil)
	}
	if !disabled {
		return &APIError{Op: "share/enable", Code: 400, Message: ErrShareNotRevivable.Error(), Kind: ErrShareNotRevivable}
	}
	return s.call(ctx, &request{op: "share/disable", method: http.MethodPost, path: "/api/share/disable", json: map[string]string{"share_id": id}}, nil)
}

// ErrShareNotOwned: AList v3.62 answered a delete with success and kept
// the share: it belongs to another account, whose shares even an admin
// cannot manage.
var ErrShareNotOwned = errors.New("the share belongs to another account: AList v3.62 lets only a share's owner delete it, and answers success to anyone else")

// DeleteShare deletes a share; one already gone is ErrNotFound on OpenList
// (AList v3.62 answers success). On AList v3.62 the share is looked up
// publicly afterwards, since a delete by another account than the owner
// answers success and deletes nothing.
func (s *Session) DeleteShare(ctx context.Context, id string) error {
	openList, err := s.shareDialect(ctx)
	if err != nil {
		return err
	}
	if id == "" {
		return errors.New("share/delete: no share id")
	}
	if openList {
		return s.call(ctx, &request{op: "share/delete", method: http.MethodPost, path: "/api/share/delete", query: url.Values{"id": {id}}}, nil)
	}
	if err := s.call(ctx, &request{op: "share/delete", method: http.MethodPost, path: "/api/share/delete", json: map[string]string{"share_id": id}}, nil); err != nil {
		return err
	}
	// The public info of a share that exists answers anything but 404
	// "record not found" (200, 410 expired or consumed, 404 "share is
	// disabled", 401 password required).
	err = s.send(ctx, &request{op: "public/share/info", method: http.MethodGet, path: "/api/public/share/info", query: url.Values{"share_id": {id}}, idempotent: true}, "", nil)
	var ae *APIError
	if errors.As(err, &ae) && ae.Code == 404 && strings.Contains(strings.ToLower(ae.Message), "record not found") {
		return nil
	}
	if err != nil && !errors.As(err, &ae) {
		return fmt.Errorf("share/delete %s: answered success, but the share could not be looked up afterwards: %w", id, err)
	}
	return &APIError{Op: "share/delete", Code: 403, Message: "share " + id + " still exists after the delete", Kind: ErrShareNotOwned}
}

// ShareURL is the share's page in the web UI: /s/<id> on AList v3.62,
// /@s/<id> on OpenList.
func ShareURL(siteURL, id string, openList bool) string {
	p := "/s/"
	if openList {
		p = "/@s/"
	}
	return strings.TrimRight(siteURL, "/") + p + url.PathEscape(id)
}

// ShareDownloadURL is the link that downloads a one-file share, without
// any password: /sd/<id> on both lines. AList v3.62 then needs a fresh
// access token per download (ShareDownload), OpenList takes
// ?pwd=<password>. Not /sd/<id>/<name> on OpenList: it appends what
// follows the id to the shared file's path ("not a directory").
func ShareDownloadURL(siteURL, id string) string {
	return strings.TrimRight(siteURL, "/") + "/sd/" + url.PathEscape(id)
}

// ShareDownload fetches a file through a share as anyone may, with no
// login: sub is the file's path inside a folder share ("" for a one-file
// share), password the share's ("" for none). AList v3.62 access tokens
// last one download, so a password-protected download asks for a fresh
// one each time. A refusal is an *APIError (AList v3.62 answers JSON;
// OpenList an HTML page with an HTTP status, whose text is the message).
func (s *Session) ShareDownload(ctx context.Context, id, sub, password string) ([]byte, error) {
	openList, err := s.shareDialect(ctx)
	if err != nil {
		return nil, err
	}
	raw := ShareDownloadURL(s.baseStr, id)
	if sub != "" {
		for _, part := range strings.Split(strings.Trim(sub, "/"), "/") {
			raw += "/" + url.PathEscape(part)
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	switch {
	case openList && password != "":
		q.Set("pwd", password)
	case password != "":
		var tok struct {
			Token string `json:"token"`
		}
		if err := s.send(ctx, &request{op: "public/share/auth", method: http.MethodPost, path: "/api/public/share/auth",
			json: map[string]string{"share_id": id, "password": password}}, "", &tok); err != nil {
			return nil, s.hidePassword(err, password)
		}
		q.Set("auth", tok.Token)
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", s.cfg.UserAgent)
	resp, err := s.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("share download %s: %w", id, s.hidePassword(err, password))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return nil, err
	}
	ct := resp.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "application/json"):
		var env envelope
		if jerr := json.Unmarshal(body, &env); jerr == nil && env.Code != 0 && env.Code != http.StatusOK {
			return nil, &APIError{Op: "share download", Path: id, Code: env.Code, Message: env.Message, Kind: classify(env.Code, env.Message)}
		}
	case resp.StatusCode != http.StatusOK:
		msg := htmlMessage(body)
		return nil, &APIError{Op: "share download", Path: id, Code: resp.StatusCode, Message: hideDiskPaths(msg), Kind: classify(resp.StatusCode, msg)}
	}
	return body, nil
}

// hidePassword keeps a share password out of an error (a URL in a
// transport error carries ?pwd=).
func (s *Session) hidePassword(err error, password string) error {
	if password == "" || err == nil {
		return err
	}
	msg := strings.ReplaceAll(err.Error(), url.QueryEscape(password), "<password>")
	if msg = strings.ReplaceAll(msg, password, "<password>"); msg == err.Error() {
		return err
	}
	return errors.New(msg)
}

// htmlMessage is the text of an OpenList error page's <p>, else the page.
func htmlMessage(b []byte) string {
	s := string(b)
	if i := strings.Index(s, "<p>"); i >= 0 {
		s = s[i+3:]
		if j := strings.Index(s, "</p>"); j >= 0 {
			s = s[:j]
		}
	}
	return strings.TrimSpace(s)
}
