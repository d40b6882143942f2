package alisttest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The share traps, one test each: downloads through /sd with and without a
// password, a v3.62 token used twice, expired and used-up shares, OpenList's
// body-only id, v3.62's admin delete of another user's share, v3.38's
// missing API.

func shareServer(t *testing.T, fl Flavor, users ...User) (*Server, *client) {
	t.Helper()
	s := NewServer(t, Options{Flavor: fl, Users: users})
	if err := s.WriteFile("/local/sh/f.txt", []byte("share-me")); err != nil {
		t.Fatal(err)
	}
	return s, adminClient(t, s)
}

// createdID is the id a create answered (v3.62 share_id, OpenList id).
func createdID(t *testing.T, r resp) string {
	t.Helper()
	m := r.ok(t).obj(t)
	if id, ok := m["share_id"].(string); ok {
		return id
	}
	return m["id"].(string)
}

// download fetches a share URL without login.
func download(t *testing.T, s *Server, p string, headers ...string) resp {
	t.Helper()
	return newClient(t, s).get(p, headers...)
}

func wantFile(t *testing.T, r resp, content string) {
	t.Helper()
	if r.status != 200 || string(r.raw) != content {
		t.Fatalf("got HTTP %d %q (%s), want the file %q", r.status, r.raw, r.ctype, content)
	}
}

// wantPage is OpenList's error page for /sd: the real status, HTML.
func wantPage(t *testing.T, r resp, status int, msg string) {
	t.Helper()
	if r.status != status || !strings.HasPrefix(r.ctype, "text/html") || !strings.Contains(string(r.raw), "<p>"+msg+"</p>") {
		t.Fatalf("got HTTP %d %s %q, want an HTML page %d with %q", r.status, r.ctype, trunc(r.raw), status, msg)
	}
}

func alistShareToken(t *testing.T, s *Server, id, password string) string {
	t.Helper()
	var d struct{ Token string }
	if err := json.Unmarshal(newClient(t, s).post("/api/public/share/auth", map[string]string{"share_id": id, "password": password}).ok(t).Data, &d); err != nil || d.Token == "" {
		t.Fatalf("no token: %v", err)
	}
	return d.Token
}

func TestShareAListDownload(t *testing.T) {
	t.Parallel()
	s, admin := shareServer(t, AListV362)
	open := createdID(t, admin.post("/api/share/create", map[string]any{"path": "/local/sh/f.txt"}))
	wantFile(t, download(t, s, "/sd/"+open), "share-me")
	if r := download(t, s, "/sd/"+open); r.Header("Content-Disposition") != `attachment; filename="f.txt"; filename*=UTF-8''f.txt` {
		t.Errorf("Content-Disposition %q", r.Header("Content-Disposition"))
	}

	locked := createdID(t, admin.post("/api/share/create", map[string]any{"path": "/local/sh/f.txt", "password": "pw123"}))
	download(t, s, "/sd/"+locked).is(t, 401, "share password required")
	newClient(t, s).post("/api/public/share/auth", map[string]string{"share_id": locked, "password": "wrong"}).is(t, 403, "password is incorrect")
	tok := alistShareToken(t, s, locked, "pw123")
	wantFile(t, download(t, s, "/sd/"+locked+"?auth="+url.QueryEscape(tok)), "share-me")
	// The download moved the share's updated_at: the same token is dead.
	download(t, s, "/sd/"+locked+"?auth="+url.QueryEscape(tok)).is(t, 401, "sign invalid")
	wantFile(t, download(t, s, "/sd/"+locked, "X-Share-Token: "+alistShareToken(t, s, locked, "pw123")), "share-me")
	// Any update kills the tokens too.
	tok = alistShareToken(t, s, locked, "pw123")
	admin.post("/api/share/update", map[string]any{"share_id": locked, "name": "renamed"}).ok(t)
	download(t, s, "/sd/"+locked+"?auth="+url.QueryEscape(tok)).is(t, 401, "sign invalid")

	row, _ := s.ShareRow(locked)
	if row.Downloads != 2 || row.DownloadCount != 2 || row.Accesses != 2 || s.ShareDownloads(open) != 2 {
		t.Errorf("counted %+v, open share %d downloads", row, s.ShareDownloads(open))
	}
	if n := s.Count("/sd"); n != 7 {
		t.Errorf("%d requests to /sd, want 7", n)
	}
}

func TestShareAListExpiredAndUsedUp(t *testing.T) {
	t.Parallel()
	s, admin := shareServer(t, AListV362)
	id := createdID(t, admin.post("/api/share/create", map[string]any{"path": "/local/sh/f.txt", "expire_hours": 1}))
	wantFile(t, download(t, s, "/sd/"+id), "share-me")
	if !s.ExpireShare(id) {
		t.Fatal("ExpireShare: no such share")
	}
	download(t, s, "/sd/"+id).is(t, 410, "share is expired")
	newClient(t, s).get("/api/public/share/info?share_id="+id).is(t, 410, "share is expired")

	// A past expiry is accepted on create: the share is born expired.
	past := createdID(t, admin.post("/api/share/create", map[string]any{"path": "/local/sh/f.txt", "expire_at": "2020-01-01T00:00:00Z"}))
	download(t, s, "/sd/"+past).is(t, 410, "share is expired")

	once := createdID(t, admin.post("/api/share/create", map[string]any{"path": "/local/sh/f.txt", "burn_after_read": true}))
	wantFile(t, download(t, s, "/sd/"+once), "share-me")
	download(t, s, "/sd/"+once).is(t, 410, "share has been consumed")
	// Consumed for good: enabled false, consumed_at set, and a higher
	// limit does not revive it.
	m := admin.post("/api/share/update", map[string]any{"share_id": once, "access_limit": 10}).ok(t).obj(t)
	if m["enabled"] != false || m["consumed_at"] == nil || m["remaining_accesses"] != 9.0 {
		t.Errorf("after the update: %v", m)
	}
	download(t, s, "/sd/"+once).is(t, 410, "share has been consumed")

	// Disabled is permanent too: there is no enable route.
	admin.post("/api/share/disable", map[string]any{"share_id": id}).ok(t)
	if r := admin.post("/api/share/enable", map[string]any{"share_id": id}); !strings.HasPrefix(r.ctype, "text/html") {
		t.Errorf("/api/share/enable answered %s %q, want the web UI page", r.ctype, trunc(r.raw))
	}
}

func TestShareAListCreateIgnoresFalseAllows(t *testing.T) {
	t.Parallel()
	s, admin := shareServer(t, AListV362)
	m := admin.post("/api/share/create", map[string]any{"path": "/local/sh/f.txt", "allow_download": false, "allow_preview": false}).ok(t).obj(t)
	if m["allow_download"] != true || m["allow_preview"] != true {
		t.Fatalf("create stored %v/%v, want true/true (false is ignored)", m["allow_download"], m["allow_preview"])
	}
	id := m["share_id"].(string)
	wantFile(t, download(t, s, "/sd/"+id), "share-me")
	admin.post("/api/share/update", map[string]any{"share_id": id, "allow_download": false}).ok(t)
	download(t, s, "/sd/"+id).is(t, 403, "download is not allowed")
	wantFile(t, download(t, s, "/sp/"+id), "share-me")
}

func TestShareAListAdminCannotManageOthers(t *testing.T) {
	t.Parallel()
	s, admin := shareServer(t, AListV362, User{Username: "bob", Password: "bobpw", Permission: PermSeeHides | PermAccessNoPass})
	bob := newClient(t, s)
	bob.login("bob", "bobpw").ok(t)
	id := createdID(t, bob.post("/api/share/create", map[string]any{"path": "/local/sh/f.txt", "share_id": "bobs"}))
	admin.post("/api/share/update", map[string]any{"share_id": id, "name": "x"}).is(t, 404, "record not found")
	admin.post("/api/share/disable", map[string]any{"share_id": id}).is(t, 404, "record not found")
	admin.post("/api/share/delete", map[string]any{"share_id": id}).ok(t) // success...
	row, ok := s.ShareRow(id)
	if !ok || !row.Enabled || row.Creator != "bob" {
		t.Fatalf("bob's share after the admin's delete: %+v, %v; want it there, enabled", row, ok)
	}
	wantFile(t, download(t, s, "/sd/"+id), "share-me") // ...that deleted nothing
	var list struct{ Total int }
	_ = json.Unmarshal(admin.get("/api/share/list").ok(t).Data, &list)
	if list.Total != 0 {
		t.Errorf("the admin lists %d shares, want only his own (0)", list.Total)
	}
	bob.post("/api/share/delete", map[string]any{"share_id": id}).ok(t)
	if _, ok := s.ShareRow(id); ok {
		t.Error("bob's own delete left the share")
	}
}

func TestShareOpenListDownload(t *testing.T) {
	t.Parallel()
	s, admin := shareServer(t, OpenListV4)
	id := createdID(t, admin.post("/api/share/create", map[string]any{"files": []string{"/local/sh/f.txt"}, "pwd": "pw123"}))
	wantPage(t, download(t, s, "/sd/"+id+"/"), 403, "wrong share code")
	r := download(t, s, "/sd/"+id+"/?pwd=pw123")
	wantFile(t, r, "share-me")
	if r.Header("Content-Disposition") != `attachment; filename="f.txt"; filename*=utf-8''f.txt` {
		t.Errorf("Content-Disposition %q", r.Header("Content-Disposition"))
	}
	// fs/get of /@s/<id> works without login and gives the link, password
	// in clear.
	g := newClient(t, s).post("/api/fs/get", map[string]any{"path": "/@s/" + id, "password": "pw123"}).ok(t).obj(t)
	if want := s.URL + "/sd/" + id + "/?pwd=pw123"; g["raw_url"] != want {
		t.Errorf("raw_url %v, want %s", g["raw_url"], want)
	}
	newClient(t, s).post("/api/fs/get", map[string]any{"path": "/@s/" + id}).is(t, 403, "wrong share code")

	// Without a password: a folder share's file by its path.
	if err := s.WriteFile("/local/sh/dir/a.txt", []byte("aaa")); err != nil {
		t.Fatal(err)
	}
	dir := createdID(t, admin.post("/api/share/create", map[string]any{"files": []string{"/local/sh/dir"}}))
	wantFile(t, download(t, s, "/sd/"+dir+"/a.txt"), "aaa")
	wantPage(t, download(t, s, "/sd/"+dir), 500, "failed get sharing link: not a file")

	// One access per client per 30 minutes.
	if row, _ := s.ShareRow(dir); row.Accesses != 1 || row.Downloads != 1 {
		t.Errorf("accessed %d, downloads %d; want 1, 1", row.Accesses, row.Downloads)
	}
	wantFile(t, download(t, s, "/sd/"+dir+"/a.txt"), "aaa")
	if row, _ := s.ShareRow(dir); row.Accesses != 1 || row.Downloads != 2 {
		t.Errorf("accessed %d, downloads %d; want 1, 2", row.Accesses, row.Downloads)
	}
}

func TestShareOpenListExpiredAndUsedUp(t *testing.T) {
	t.Parallel()
	s, admin := shareServer(t, OpenListV4)
	id := createdID(t, admin.post("/api/share/create", map[string]any{"files": []string{"/local/sh/f.txt"}, "expires": "2100-01-01T00:00:00Z"}))
	wantFile(t, download(t, s, "/sd/"+id), "share-me")
	s.ExpireShare(id)
	wantPage(t, download(t, s, "/sd/"+id), 500, "the share has expired or is no longer valid")
	newClient(t, s).post("/api/fs/get", map[string]any{"path": "/@s/" + id}).is(t, 500, "the share has expired or is no longer valid")

	max1 := createdID(t, admin.post("/api/share/create", map[string]any{"files": []string{"/local/sh/f.txt"}, "max_accessed": 1}))
	wantFile(t, download(t, s, "/sd/"+max1), "share-me")
	wantPage(t, download(t, s, "/sd/"+max1), 500, "the share has expired or is no longer valid")
	// An update replaces everything, accessed included: it revives.
	admin.post("/api/share/update", map[string]any{"id": max1, "files": []string{"/local/sh/f.txt"}, "max_accessed": 1}).ok(t)
	s.ForgetShareVisits()
	wantFile(t, download(t, s, "/sd/"+max1), "share-me")
}

func TestShareOpenListBodyIDActsOnFirst(t *testing.T) {
	t.Parallel()
	s, admin := shareServer(t, OpenListV4)
	for _, id := range []string{"b-second", "a-first"} {
		admin.post("/api/share/create", map[string]any{"id": id, "files": []string{"/local/sh/f.txt"}, "creator": DefaultAdminUsername}).ok(t)
	}
	// The id only in the body: no id, so the first share by id is hit.
	admin.post("/api/share/disable", map[string]any{"id": "b-second"}).ok(t)
	first, _ := s.ShareRow("a-first")
	second, _ := s.ShareRow("b-second")
	if first.Enabled || !second.Enabled {
		t.Fatalf("a-first enabled %v, b-second enabled %v; want the first disabled", first.Enabled, second.Enabled)
	}
	var got struct{ ID string }
	_ = json.Unmarshal(admin.get("/api/share/get").ok(t).Data, &got)
	if got.ID != "a-first" {
		t.Errorf("get without id answered %q, want a-first", got.ID)
	}
	admin.send(http.MethodPost, "/api/share/delete", nil).is(t, 500, "WHERE conditions required")
	admin.post("/api/share/enable?id=a-first", nil).ok(t)
	admin.post("/api/share/delete?id=b-second", nil).ok(t)
	if _, ok := s.ShareRow("b-second"); ok {
		t.Error("delete?id= left the share")
	}
	// A custom id needs bit 15, which the fresh admin lacks, unless he
	// names a creator.
	admin.post("/api/share/create", map[string]any{"id": "c", "files": []string{"/local/sh/f.txt"}}).is(t, 403, "permission denied")
}

func TestShareAList338HasNone(t *testing.T) {
	t.Parallel()
	s, admin := shareServer(t, AListV338)
	for _, p := range []string{"/api/share/create", "/api/share/list", "/api/public/share/info", "/sd/x", "/@s/x"} {
		if r := admin.post(p, map[string]any{"path": "/local/sh/f.txt"}); r.status != 200 || !strings.HasPrefix(r.ctype, "text/html") {
			t.Errorf("%s: HTTP %d %s, want the web UI page", p, r.status, r.ctype)
		}
	}
	admin.fsList("/@s/x").is(t, 500, "failed get storage: storage not found; rawPath: /@s/x")
	if len(s.Shares()) != 0 {
		t.Error("v3.38 made a share")
	}
}
