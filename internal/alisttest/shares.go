package alisttest

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// Share links: AList v3.62's shares (share_alist.go) and OpenList's
// "sharing" (share_openlist.go), two unrelated APIs that only share the
// idea; v3.38 has none (every share route is the web UI's page). Public
// access through /sd, /sp and /@s is in share_download.go. This file holds
// the rows both dialects keep and the hooks tests steer them with.

// shareRec is one share. Each dialect uses its own fields; the common ones
// are the id, the creator and the counters the hooks read.
type shareRec struct {
	id        string // v3.62 share_id, OpenList id
	creatorID int
	created   time.Time
	updated   time.Time
	expires   *time.Time
	downloads int // files served through /sd or /sp (ShareDownloads)

	// v3.62
	rowID         int // the numeric "id"
	name          string
	rootPath      string
	isDir         bool
	password      string // kept in clear here; the real server keeps a salted hash
	burnAfterRead bool
	accessLimit   int64
	accessCount   int64
	viewCount     int64
	downloadCount int64
	allowPreview  bool
	allowDownload bool
	enabled       bool
	lastAccess    *time.Time
	consumedAt    *time.Time
	// generation stands for updated_at in the access token: see
	// shareToken (share_alist.go).
	generation int64

	// OpenList
	files         []string
	pwd           string
	accessed      int
	maxAccessed   int
	disabled      bool
	remark        string
	readme        string
	header        string
	orderBy       string
	orderDir      string
	extractFolder string
}

type shareStore struct {
	mu        sync.Mutex
	rows      []*shareRec // in creation order
	nextRowID int
	// visits: OpenList counts one access per share and client IP per 30
	// minutes; the time each pair was last counted.
	visits map[string]time.Time
	// nextIDs are the next random ids, for tests that replay a recording.
	nextIDs []string
}

// byIDLocked finds a share by its public id.
func (st *shareStore) byIDLocked(id string) *shareRec {
	for _, r := range st.rows {
		if r.id == id {
			return r
		}
	}
	return nil
}

func (st *shareStore) addLocked(r *shareRec) {
	st.nextRowID++
	r.rowID = st.nextRowID
	st.rows = append(st.rows, r)
}

func (st *shareStore) removeLocked(r *shareRec) {
	for i, x := range st.rows {
		if x == r {
			st.rows = append(st.rows[:i], st.rows[i+1:]...)
			return
		}
	}
}

// dropSharesOf deletes a user's shares: OpenList does when the user is
// deleted (v3.62 keeps them, unreachable through the API).
func (s *Server) dropSharesOf(userID int) {
	st := &s.shares
	st.mu.Lock()
	defer st.mu.Unlock()
	kept := st.rows[:0]
	for _, r := range st.rows {
		if r.creatorID != userID {
			kept = append(kept, r)
		}
	}
	st.rows = kept
}

// userByID is a snapshot of the user with that id, or nil.
func (s *Server) userByID(id int) *userRec {
	return s.userWhere(func(a *authState) *userRec { return a.userByIDLocked(id) })
}

// userWhere is a snapshot of the user find picks, or nil. It takes the
// accounts' lock: the share store may be held then, never the reverse
// (the accounts' code never takes the store).
func (s *Server) userWhere(find func(*authState) *userRec) *userRec {
	a := &s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	u := find(a)
	if u == nil {
		return nil
	}
	return a.snapshot(u)
}

// newIDLocked is a random id of 8 letters and digits, unused so far.
func (st *shareStore) newIDLocked() string {
	if len(st.nextIDs) > 0 {
		id := st.nextIDs[0]
		st.nextIDs = st.nextIDs[1:]
		return id
	}
	for {
		id := randomString(8)
		if st.byIDLocked(id) == nil {
			return id
		}
	}
}

// shareRoutes adds the share management routes of the flavour; the
// public ones with a path parameter are found by shareLookup.
func (s *Server) shareRoutes(rt map[string]route) {
	switch s.flavor {
	case AListV362:
		s.alistShareRoutes(rt)
	case OpenListV4:
		s.openListShareRoutes(rt)
	}
}

// shareLookup finds the share download routes: v3.62 /sd/<id>[/path] and
// /sp/<id>[/path], OpenList /sd/<id>[/path]. /s/<id> and /@s/<id> are the
// web UI's pages, as every unknown route.
func (s *Server) shareLookup(p string) (route, bool) {
	switch {
	case s.flavor == AListV362 && (strings.HasPrefix(p, "/sd/") || strings.HasPrefix(p, "/sp/")):
		return route{methods: getHead, h: handleAlistShareDownload}, true
	case s.flavor == OpenListV4 && strings.HasPrefix(p, "/sd/"):
		return route{methods: getHead, h: handleOpenListShareDownload}, true
	}
	return route{}, false
}

// serveShareFile sends a file as an attachment, as both servers' proxies
// do for a share download. charset is how the filename* parameter names
// UTF-8 ("UTF-8" on v3.62, "utf-8" on OpenList).
func serveShareFile(w http.ResponseWriter, r *http.Request, o obj, charset string) error {
	f, err := os.Open(o.disk)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"; filename*=%s''%s`,
		strings.ReplaceAll(o.name, `"`, `\"`), charset, escapePath(o.name)))
	http.ServeContent(w, r, o.name, fi.ModTime(), f)
	return nil
}

// ShareInfo is a share as the server holds it, whoever owns it: what a
// test reads to see the server's side (ShareRow, Shares).
type ShareInfo struct {
	ID      string
	Creator string // the creator's username ("" if the user is gone)
	// Paths: v3.62's root_path (one), OpenList's files.
	Paths   []string
	Expires *time.Time
	// Enabled: v3.62's enabled, OpenList's !disabled.
	Enabled  bool
	Password string // v3.62: the password set last ("" for none); OpenList: pwd
	// Accesses: v3.62's access_count, OpenList's accessed.
	Accesses int
	// MaxAccesses: v3.62's effective access_limit, OpenList's max_accessed.
	MaxAccesses int
	// Downloads are the files served through /sd or /sp, whatever the
	// flavour counts (OpenList counts one access per client per 30 minutes).
	Downloads int
	// v3.62 only.
	Name          string
	ViewCount     int
	DownloadCount int
	AllowPreview  bool
	AllowDownload bool
	Consumed      bool
	// OpenList only.
	Remark, Readme, Header string
}

func (s *Server) shareInfo(r *shareRec) ShareInfo {
	in := ShareInfo{ID: r.id, Expires: r.expires, Downloads: r.downloads}
	if s.flavor.openList() {
		in.Paths = append([]string(nil), r.files...)
		in.Enabled, in.Password = !r.disabled, r.pwd
		in.Accesses, in.MaxAccesses = r.accessed, r.maxAccessed
		in.Remark, in.Readme, in.Header = r.remark, r.readme, r.header
	} else {
		in.Paths = []string{r.rootPath}
		in.Enabled, in.Password = r.enabled, r.password
		in.Accesses, in.MaxAccesses = int(r.accessCount), int(r.effectiveLimit())
		in.Name, in.ViewCount, in.DownloadCount = r.name, int(r.viewCount), int(r.downloadCount)
		in.AllowPreview, in.AllowDownload, in.Consumed = r.allowPreview, r.allowDownload, r.consumed()
	}
	return in
}

// shareRows are the rows with their creators' names, taken without
// holding the store while the accounts are read.
func (s *Server) shareRows(match func(*shareRec) bool) []ShareInfo {
	st := &s.shares
	st.mu.Lock()
	var rows []ShareInfo
	var creators []int
	for _, r := range st.rows {
		if match(r) {
			rows = append(rows, s.shareInfo(r))
			creators = append(creators, r.creatorID)
		}
	}
	st.mu.Unlock()
	for i := range rows {
		if u := s.userByID(creators[i]); u != nil {
			rows[i].Creator = u.Username
		}
	}
	return rows
}

// ShareRow reads a share by id, whoever owns it (v3.62's API shows a share
// to its creator only).
func (s *Server) ShareRow(id string) (ShareInfo, bool) {
	rows := s.shareRows(func(r *shareRec) bool { return r.id == id })
	if len(rows) == 0 {
		return ShareInfo{}, false
	}
	return rows[0], true
}

// Shares are all shares of all users, in creation order.
func (s *Server) Shares() []ShareInfo {
	return s.shareRows(func(*shareRec) bool { return true })
}

// ShareDownloads is the number of files a share served through /sd or /sp
// (v3.62 also counts them in download_count, OpenList does not).
func (s *Server) ShareDownloads(id string) int {
	in, _ := s.ShareRow(id)
	return in.Downloads
}

// editShare runs fn on a share under the store's lock; false if none.
func (s *Server) editShare(id string, fn func(*shareRec)) bool {
	st := &s.shares
	st.mu.Lock()
	defer st.mu.Unlock()
	r := st.byIDLocked(id)
	if r == nil {
		return false
	}
	fn(r)
	return true
}

// ExpireShare makes a share's expiry a second ago, as if its time had
// passed (both flavours). It reports whether the share exists.
func (s *Server) ExpireShare(id string) bool {
	return s.editShare(id, func(r *shareRec) {
		t := time.Now().Add(-time.Second)
		r.expires = &t
	})
}

// DisableShareRow disables a share as the web UI would: v3.62 enabled
// false (for good), OpenList disabled true.
func (s *Server) DisableShareRow(id string) bool {
	return s.editShare(id, func(r *shareRec) {
		r.enabled, r.disabled = false, true
		r.touch()
	})
}

// DeleteShareRow deletes a share whoever owns it.
func (s *Server) DeleteShareRow(id string) bool {
	return s.editShare(id, func(r *shareRec) { s.shares.removeLocked(r) })
}

// ForgetShareVisits forgets which clients OpenList counted in the last 30
// minutes, so their next access counts again.
func (s *Server) ForgetShareVisits() {
	st := &s.shares
	st.mu.Lock()
	defer st.mu.Unlock()
	st.visits = nil
}

// touch is a change of the row: updated_at moves, and with it v3.62's
// access tokens die.
func (r *shareRec) touch() {
	r.updated = time.Now()
	r.generation++
}
