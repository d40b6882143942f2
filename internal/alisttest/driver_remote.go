package alisttest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// remoteFS is the AList V3 driver (and OpenList's OpenList driver, the
// same code): a folder of another AList or OpenList server, reached over
// its HTTP API with a token, as drivers/alist_v3 does. Listings forward
// /api/fs/list and gets /api/fs/get below root_folder_path. Writes through
// such a storage are not forwarded: they answer an error (its mount has no
// folder on disk, see Server.noDisk).
//
// The target may be this very server: the calls are made without holding
// any lock (the storage admin API releases its own around driver inits).
type remoteFS struct {
	url, root, username, password, metaPassword string
	// topOnly: folders below the top are asked of the target as path ""
	// (Flavor.peerTopOnly), which it answers with its root.
	topOnly bool

	ctx  context.Context // the server's: listings end when it closes
	save func(add object)

	mu        sync.Mutex
	add       object // the addition, token included, as the row holds it
	token     string
	published bool // mounted: a re-login saves the row (MustSaveDriverStorage)
}

// remoteClient reaches remote storages; the timeout keeps a mistaken url
// from holding a request forever.
var remoteClient = &http.Client{Timeout: time.Minute}

// newRemote reads the driver's fields from its addition. Like the real
// Init, the url loses a trailing slash in the saved addition.
func (s *Server) newRemote(add object, id uint) *remoteFS {
	ctx := s.ctx
	if ctx == nil { // remounted before the server listens
		ctx = context.Background()
	}
	url := strings.TrimSuffix(add.str("url"), "/")
	add.set("url", url)
	return &remoteFS{url: url, root: add.str("root_folder_path"), username: add.str("username"),
		password: add.str("password"), metaPassword: add.str("meta_password"), token: add.str("token"),
		ctx: ctx, add: add, save: func(add object) { s.saveAddition(id, add) }}
}

// envelopeData is a target's answer.
type envelopeData struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// call is the driver's request: code 401 or 403 logs in once and retries;
// any other code is the error "request failed,code: N, message: M"
// (drivers/alist_v3/util.go).
func (r *remoteFS) call(ctx context.Context, method, api string, body any, retried bool) (json.RawMessage, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, r.url+"/api"+api, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", r.currentToken())
	res, err := remoteClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode >= 400 {
		return nil, fmt.Errorf("request failed, status: %s", res.Status)
	}
	var env envelopeData
	if err := json.NewDecoder(res.Body).Decode(&env); err != nil {
		return nil, err
	}
	if env.Code == 200 {
		return env.Data, nil
	}
	if (env.Code == 401 || env.Code == 403) && !retried {
		if err := r.login(ctx); err != nil {
			return nil, err
		}
		return r.call(ctx, method, api, body, true)
	}
	return nil, fmt.Errorf("request failed,code: %d, message: %s", env.Code, env.Message)
}

func (r *remoteFS) currentToken() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.token
}

// login gets a token with username and password; without a username it
// does nothing (the token, if any, is all there is). The login request
// itself never logs in again: the real driver would loop on a target that
// answers a wrong password with 401 (OpenList).
func (r *remoteFS) login(ctx context.Context) error {
	if r.username == "" {
		return nil
	}
	data, err := r.call(ctx, http.MethodPost, "/auth/login",
		map[string]string{"username": r.username, "password": r.password}, true)
	if err != nil {
		return err
	}
	var resp struct{ Token string }
	if err := json.Unmarshal(data, &resp); err != nil {
		return err
	}
	r.mu.Lock()
	r.token = resp.Token
	r.add = append(object(nil), r.add...) // readers may hold the old one
	r.add.set("token", resp.Token)
	add, published := r.add, r.published
	r.mu.Unlock()
	if published {
		r.save(add)
	}
	return nil
}

type remoteMe struct {
	Username string          `json:"username"`
	Role     json.RawMessage `json:"role"` // 1 on v3.38 and OpenList, [1] on v3.62 for the guest
}

func (r *remoteFS) me(ctx context.Context) (remoteMe, error) {
	var me remoteMe
	data, err := r.call(ctx, http.MethodGet, "/me", nil, false)
	if err == nil {
		err = json.Unmarshal(data, &me)
	}
	return me, err
}

// init is the driver's Init: who am I; log in when that is someone else
// than username; ask again; a guest needs the target to allow mounting.
func (r *remoteFS) init(ctx context.Context) error {
	me, err := r.me(ctx)
	if err != nil {
		return err
	}
	if r.username != me.Username {
		if err := r.login(ctx); err != nil {
			return err
		}
	}
	if me, err = r.me(ctx); err != nil {
		return err
	}
	if role := string(me.Role); role == "1" || role == "[1]" {
		data, err := r.call(ctx, http.MethodGet, "/public/settings", nil, true)
		if err != nil {
			return err
		}
		var settings map[string]any
		_ = json.Unmarshal(data, &settings)
		if settings["allow_mounted"] != "true" {
			return errors.New("the site does not allow mounted")
		}
	}
	return nil
}

// publish marks the storage mounted: later re-logins save the row.
func (r *remoteFS) publish() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.published = true
}

// remoteObj is an object of a target's fs/list or fs/get.
type remoteObj struct {
	Name     string    `json:"name"`
	Size     int64     `json:"size"`
	IsDir    bool      `json:"is_dir"`
	Modified time.Time `json:"modified"`
	Created  time.Time `json:"created"`
	RawURL   string    `json:"raw_url"` // fs/get only
}

// obj is the object as this server shows it: its path is the target's.
func (o remoteObj) obj(remoteDir string) obj {
	return obj{name: o.Name, size: o.Size, isDir: o.IsDir, modified: o.Modified, created: o.Created,
		actual: path.Join(remoteDir, o.Name), remote: true}
}

func (r *remoteFS) remotePath(actual string) string { return path.Join("/", r.root, actual) }

// list forwards fs/list, page by page while the target says it has more
// (v3.62 pages by 200 when asked for per_page 0, as the driver asks).
// keep, when set, picks the names.
func (r *remoteFS) list(dir string, keep func(name string) bool) ([]obj, error) {
	remoteDir := r.remotePath(dir)
	if r.topOnly && fixAndCleanPath(dir) != "/" {
		remoteDir = ""
	}
	var out []obj
	for page := 1; ; page++ {
		data, err := r.call(r.ctx, http.MethodPost, "/fs/list", object{
			{"path", remoteDir}, {"password", r.metaPassword}, {"page", page}, {"per_page", 0}, {"refresh", false},
		}, false)
		if err != nil {
			return nil, err
		}
		var resp struct {
			Content []remoteObj `json:"content"`
			HasMore bool        `json:"has_more"`
		}
		if err := json.Unmarshal(data, &resp); err != nil {
			return nil, err
		}
		for _, o := range resp.Content {
			if keep == nil || keep(o.Name) {
				out = append(out, o.obj(remoteDir))
			}
		}
		if !resp.HasMore {
			return out, nil
		}
	}
}

// get forwards fs/get. The target's "object not found" becomes this
// server's, so a missing object is not found here too, worded as the real
// servers word a miss in the parent's listing (the driver has no Get).
func (r *remoteFS) get(actual string) (obj, error) {
	o, err := r.stat(actual)
	if err != nil {
		if strings.Contains(err.Error(), "object not found") {
			return obj{}, errListedNotFound
		}
		return obj{}, err
	}
	return o.obj(path.Dir(r.remotePath(actual))), nil
}

// stat is the target's fs/get of an object below root_folder_path.
func (r *remoteFS) stat(actual string) (remoteObj, error) {
	var o remoteObj
	data, err := r.call(r.ctx, http.MethodPost, "/fs/get", object{{"path", r.remotePath(actual)}, {"password", r.metaPassword}}, false)
	if err == nil {
		err = json.Unmarshal(data, &o)
	}
	return o, err
}

// link is the driver's Link: the target's own download link of a file, as
// its fs/get answers it (drivers/alist_v3 returns raw_url).
func (r *remoteFS) link(actual string) (string, error) {
	o, err := r.stat(actual)
	if err != nil {
		return "", err
	}
	if o.RawURL == "" {
		return "", fmt.Errorf("no link for %s", actual)
	}
	return o.RawURL, nil
}

// serveRemote answers a download of a remote storage's file: /d redirects
// to the target's link, /p fetches it and passes it on, as the real server
// does with a driver's link.
func (s *Server) serveRemote(w http.ResponseWriter, r *http.Request, p string) {
	m, actual, err := s.storageFor(p)
	if err != nil || m.remote == nil {
		s.downloadError(w, 500, "failed link: not a file")
		return
	}
	link, err := m.remote.link(actual)
	if err != nil {
		s.downloadError(w, 500, "failed link: "+err.Error())
		return
	}
	if strings.HasPrefix(r.URL.Path, "/d/") {
		http.Redirect(w, r, link, http.StatusFound)
		return
	}
	req, err := http.NewRequestWithContext(r.Context(), r.Method, link, nil)
	if err != nil {
		s.downloadError(w, 500, err.Error())
		return
	}
	if rg := r.Header.Get("Range"); rg != "" {
		req.Header.Set("Range", rg)
	}
	resp, err := remoteClient.Do(req)
	if err != nil {
		s.downloadError(w, 500, err.Error())
		return
	}
	defer resp.Body.Close()
	for _, h := range []string{"Content-Type", "Content-Length", "Content-Range", "Last-Modified", "Accept-Ranges"} {
		if v := resp.Header.Get(h); v != "" {
			w.Header().Set(h, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}
