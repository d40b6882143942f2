package alisttest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// metaReplayPlan replays an admin-meta transcript. The transcript creates
// its user tx_reader (permission 0) through /api/admin/user/create and
// deletes it at the end; those two exchanges (9 and 41) belong to the user
// API, replayed by its own transcripts, so the user is configured up front
// instead and they are skipped. Everything else is replayed, each run as
// the user the transcript sent it as (its <TOKEN> changes hands).
func metaReplayPlan(file string) replayPlan {
	admin := func(from, to int) segment { return segment{file: file, from: from, to: to} }
	reader := func(from, to int) segment {
		return segment{file: file, from: from, to: to, user: "tx_reader", password: "reader-pass"}
	}
	return replayPlan{
		name:  "admin-meta",
		opts:  Options{Users: []User{{Username: "tx_reader", Password: "reader-pass"}}},
		setup: metaTranscriptFiles,
		segments: []segment{
			admin(1, 8), reader(10, 15), admin(16, 19), reader(20, 21), admin(22, 27),
			reader(28, 28), admin(29, 31), reader(32, 32), admin(33, 34), reader(35, 35),
			admin(36, 37), reader(38, 39), admin(40, 40), admin(42, 42),
		},
	}
}

// metaTranscriptFiles are the files the admin-meta transcripts prepared.
func metaTranscriptFiles(s *Server) error {
	for _, f := range []string{"/local/mt/public.txt", "/local/mt/secret.txt", "/local/mt/debug.log"} {
		if err := s.WriteFile(f, []byte("x\n")); err != nil {
			return err
		}
	}
	for _, d := range []string{"/local/mt/sub", "/local/mca", "/local/mcb"} {
		if err := s.Mkdir(d); err != nil {
			return err
		}
	}
	return nil
}

// metaServer is a server with the transcripts' files, its admin client and
// the permission-less user reader ("reader"/"rpw").
func metaServer(t *testing.T, fl Flavor, users ...User) (*Server, *client, *client) {
	t.Helper()
	users = append([]User{{Username: "reader", Password: "rpw"}}, users...)
	s := NewServer(t, Options{Flavor: fl, Users: users})
	if err := metaTranscriptFiles(s); err != nil {
		t.Fatal(err)
	}
	reader := newClient(t, s)
	reader.login("reader", "rpw").ok(t)
	return s, adminClient(t, s), reader
}

func decodeData(t *testing.T, r resp, into any) {
	t.Helper()
	if err := json.Unmarshal(r.Data, into); err != nil {
		t.Fatalf("%s: %v", trunc(r.raw), err)
	}
}

func TestMetaAPIValues(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, admin, reader := metaServer(t, fl)
		admin.post("/api/admin/meta/create", map[string]any{"id": 50, "path": `\local\x\`, "password": "p", "p_sub": true}).ok(t)
		admin.post("/api/admin/meta/create", map[string]any{"path": "/local/y", "readme": "r"}).ok(t)
		admin.post("/api/admin/meta/create", map[string]any{"id": 50, "path": "/local/z"}).
			is(t, 500, map[bool]string{false: "UNIQUE constraint failed: x_meta.id", true: "constraint failed: UNIQUE constraint failed: x_meta.id (2067)"}[fl.openList()])
		var list struct {
			Content []map[string]any
			Total   int
		}
		decodeData(t, admin.get("/api/admin/meta/list").ok(t), &list)
		if list.Total != 2 || list.Content[0]["id"] != 50.0 || list.Content[1]["id"] != 51.0 ||
			list.Content[0]["path"] != "/local/x" || list.Content[0]["password"] != "p" || list.Content[1]["readme"] != "r" {
			t.Fatalf("list %+v", list)
		}
		_, hasUsers := list.Content[0]["read_users"]
		if hasUsers != fl.openList() {
			t.Errorf("read_users present: %v", hasUsers)
		}
		decodeData(t, admin.get("/api/admin/meta/list?page=2&per_page=1").ok(t), &list)
		if list.Total != 2 || len(list.Content) != 1 || list.Content[0]["id"] != 51.0 {
			t.Errorf("page 2: %+v", list)
		}
		admin.get("/api/admin/meta/get?id=x").is(t, 400, `strconv.Atoi: parsing "x": invalid syntax`)
		admin.post("/api/admin/meta/delete", nil).is(t, 400, `strconv.Atoi: parsing "": invalid syntax`)
		admin.post("/api/admin/meta/update", map[string]any{"id": 7, "path": "/q"}).is(t, 500, "failed get old meta: record not found")
		admin.post("/api/admin/meta/create", map[string]any{"path": "/q", "hide": "ok\n[z"}).
			is(t, 400, "[z is illegal: error parsing regexp: missing closing ] in `[z`")
		got := s.Metas()
		if len(got) != 2 || got[0].ID != 50 || !got[0].PSub || got[1].Readme != "r" {
			t.Errorf("Metas() = %+v", got)
		}
		// Not an admin: the admin group refuses.
		reader.get("/api/admin/meta/list").is(t, 403, "You are not an admin")
	})
}

func TestMetaOpenListUserLists(t *testing.T) {
	t.Parallel()
	s, admin, reader := metaServer(t, OpenListV4, User{Username: "writer", Password: "wpw", Permission: PermWrite})
	writer := newClient(t, s)
	writer.login("writer", "wpw").ok(t)
	readerID, writerID := 3, 4 // extra users are numbered from 3
	admin.post("/api/admin/meta/create", map[string]any{
		"path": "/local/mt", "read_users": []int{writerID}, "write_users": []int{readerID}, "write_users_sub": true,
	}).ok(t)
	m := admin.get("/api/admin/meta/get?id=1").ok(t).obj(t)
	if fmt.Sprint(m["read_users"], m["write_users"], m["read_users_sub"]) != "[4] [3] false" {
		t.Errorf("meta %v", m)
	}
	reader.fsList("/local/mt").is(t, 403, "password is incorrect or you have no permission")
	reader.fsList("/local/mt/sub").ok(t) // read_users_sub false
	l := writer.fsList("/local/mt").ok(t).obj(t)
	if l["write"] != false || l["write_content_bypass"] != false {
		t.Errorf("writer's list: %v", l)
	}
	// write_users: the writer has the bit but is not listed.
	writer.post("/api/fs/mkdir", map[string]any{"path": "/local/mt/sub/new"}).is(t, 403, "permission denied")
	writer.put("/local/mt/w.txt", "x").is(t, 403, "permission denied")
	writer.put("/local/mca/w.txt", "x").ok(t)
	// An empty list admits everyone; null is shown for it.
	admin.post("/api/admin/meta/update", map[string]any{"id": 1, "path": "/local/mt", "read_users": []int{}}).ok(t)
	m = admin.get("/api/admin/meta/get?id=1").ok(t).obj(t)
	if m["write_users"] != nil || fmt.Sprint(m["read_users"]) != "[]" {
		t.Errorf("after update: %v", m)
	}
	reader.fsList("/local/mt").ok(t)
}

// The AList admin bypasses metas; the OpenList admin is bound by its bits.
func TestMetaHideAndPassword(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		_, admin, reader := metaServer(t, fl)
		admin.post("/api/admin/meta/create", map[string]any{
			"path": "/local/mt", "password": "pw", "hide": `^secret\.` + "\n" + `\.log$`,
			"readme": "R", "header": "H", "r_sub": true,
		}).ok(t)
		noPass := "password is incorrect or you have no permission"
		reader.fsList("/local/mt").is(t, 403, noPass)
		reader.fsList("/local/mt/sub").ok(t) // p_sub false: the password guards the folder only
		r := reader.fsList("/local/mt", "password", "pw").ok(t)
		if got := strings.Join(names(t, r), ","); got != "public.txt,sub" {
			t.Errorf("reader sees %s", got)
		}
		if d := r.obj(t); d["readme"] != "R" || d["header"] != "H" || d["total"] != 2.0 {
			t.Errorf("list %v", d)
		}
		sub := reader.fsList("/local/mt/sub").obj(t)
		if sub["readme"] != "R" || sub["header"] != "" { // r_sub, not header_sub
			t.Errorf("sub %v", sub)
		}
		// Paging counts what is shown.
		if got := names(t, reader.fsList("/local/mt", "password", "pw", "page", 2, "per_page", 1)); fmt.Sprint(got) != "[sub]" {
			t.Errorf("page 2: %v", got)
		}
		reader.post("/api/fs/get", map[string]any{"path": "/local/mt/debug.log", "password": "pw"}).is(t, 403, noPass)
		g := reader.post("/api/fs/get", map[string]any{"path": "/local/mt/public.txt", "password": "pw"}).ok(t).obj(t)
		if g["readme"] != "R" || g["header"] != "" {
			t.Errorf("get %v", g)
		}
		reader.post("/api/fs/dirs", map[string]any{"path": "/local/mt"}).is(t, 403, noPass)
		reader.post("/api/fs/dirs", map[string]any{"path": "/local/mt", "password": "pw"}).ok(t)
		// The admin: AList's bypasses everything, OpenList's has the bits.
		if got := names(t, admin.fsList("/local/mt").ok(t)); len(got) != 4 {
			t.Errorf("admin sees %v", got)
		}
		admin.fsGet("/local/mt/secret.txt").ok(t)
	})
}

// A guest goes through the same checks as any user.
func TestMetaGuest(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, Users: []User{{Username: "guest", Role: RoleGuest, Permission: PermAccessNoPass}}})
		if err := metaTranscriptFiles(s); err != nil {
			t.Fatal(err)
		}
		adminClient(t, s).post("/api/admin/meta/create", map[string]any{"path": "/local/mt", "password": "pw", "hide": "txt$"}).ok(t)
		guest := newClient(t, s)
		if got := names(t, guest.fsList("/local/mt").ok(t)); fmt.Sprint(got) != "[debug.log sub]" {
			t.Errorf("guest sees %v", got) // no password needed (bit 1), hidden names hidden (no bit 0)
		}
	})
}

func TestMetaWrite(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		_, admin, reader := metaServer(t, fl)
		mkdir := func(p string) resp { return reader.post("/api/fs/mkdir", map[string]any{"path": p}) }
		denied := func(r resp) { t.Helper(); r.is(t, 403, "permission denied") }
		denied(mkdir("/local/mt/a"))
		denied(reader.put("/local/mt/a.txt", "x"))
		admin.post("/api/admin/meta/create", map[string]any{"path": "/local/mt", "write": true, "hide": "^h", "password": "pw", "p_sub": true}).ok(t)
		// Uploads into the meta's folder: with the folder's password (p_sub:
		// the file's path is below the meta's), not of a hidden name.
		denied(reader.put("/local/mt/a.txt", "x"))
		reader.put("/local/mt/a.txt", "x", "Password: pw").ok(t)
		denied(reader.put("/local/mt/h.txt", "x", "Password: pw"))
		denied(reader.put("/local/mt/sub/b.txt", "x", "Password: pw")) // no w_sub
		// mkdir checks the new folder's path: without w_sub it is refused
		// even directly in the meta's folder (the real servers' code).
		denied(mkdir("/local/mt/a"))
		l := reader.fsList("/local/mt", "password", "pw").ok(t).obj(t)
		wantBypass := map[bool]any{false: nil, true: true}[fl.openList()]
		if l["write"] != true || l["write_content_bypass"] != wantBypass {
			t.Errorf("list %v", l)
		}
		reader.fsList("/local/mt", "password", "pw", "refresh", true).ok(t)
		reader.fsList("/local/mca", "refresh", true).is(t, 403, "Refresh without permission")
		admin.post("/api/admin/meta/update", map[string]any{"id": 1, "path": "/local/mt", "write": true, "w_sub": true}).ok(t)
		mkdir("/local/mt/a").ok(t)
		mkdir("/local/mt/a/b").ok(t)
		reader.put("/local/mt/sub/b.txt", "x").ok(t)
		denied(mkdir("/local/mca/c"))
		if got := reader.fsList("/local/mca").ok(t).obj(t)["write"]; got != fl.openList() {
			t.Errorf("write where no meta applies: %v", got)
		}
	})
}

// v3.38 remembers "no meta here" until a restart, and an update does not
// forget the new path: the transcripts' path-change test.
func TestMetaStaleNegativeCache(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s, admin, reader := metaServer(t, fl)
		admin.post("/api/admin/meta/create", map[string]any{"path": "/local/mca", "password": "c", "p_sub": true}).ok(t)
		reader.fsList("/local/mcb").ok(t)
		admin.post("/api/admin/meta/update", map[string]any{"id": 1, "path": "/local/mcb", "password": "c", "p_sub": true}).ok(t)
		protected := reader.fsList("/local/mcb").Code == 403
		if protected != (fl != AListV338) {
			t.Fatalf("/local/mcb protected after the move: %v", protected)
		}
		reader.fsList("/local/mca").ok(t)
		// A create always forgets its path.
		reader.fsList("/local/mt").ok(t)
		admin.post("/api/admin/meta/create", map[string]any{"path": "/local/mt", "password": "c"}).ok(t)
		reader.fsList("/local/mt").is(t, 403, "password is incorrect or you have no permission")
		s.Restart(0, 0)
		reader.login("reader", "rpw").ok(t)
		reader.fsList("/local/mcb").is(t, 403, "password is incorrect or you have no permission")
	})
}

func TestMetaBindErrors(t *testing.T) {
	t.Parallel()
	s, admin, _ := metaServer(t, AListV338)
	admin.send(http.MethodPost, "/api/admin/meta/create", strings.NewReader(""), "Content-Type: application/json").is(t, 400, "EOF")
	admin.post("/api/admin/meta/create", map[string]any{"path": ""}).
		is(t, 400, "Key: 'Meta.Path' Error:Field validation for 'Path' failed on the 'required' tag")
	// AList has no user lists: they are not kept.
	admin.post("/api/admin/meta/create", map[string]any{"path": "/a", "read_users": []int{9}}).ok(t)
	if m := s.Metas(); len(m) != 1 || m[0].ReadUsers != nil {
		t.Errorf("Metas() = %+v", m)
	}
	// A form body binds like JSON (gin's ShouldBind), the user lists left out.
	admin.send(http.MethodPost, "/api/admin/meta/create", strings.NewReader("path=/b&p_sub=true&read_users=1"),
		"Content-Type: application/x-www-form-urlencoded").ok(t)
	if m := s.Metas(); len(m) != 2 || !reflect.DeepEqual(m[1], Meta{ID: 2, Path: "/b", PSub: true}) {
		t.Errorf("Metas() = %+v", m)
	}
}

func TestMetaNegativeID(t *testing.T) {
	t.Parallel()
	_, admin, _ := metaServer(t, AListV362)
	admin.post("/api/admin/meta/create", map[string]any{"id": -1, "path": "/a"}).
		is(t, 400, "json: cannot unmarshal number -1 into Go struct field Meta.id of type uint")
}
