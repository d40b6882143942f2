package alisttest

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

// A Local storage made with only root_folder_path (the Options storages by
// default) stores show_hidden false and leaves names starting with "." out
// of every listing, files and folders, on every flavour; everything that
// goes by path still reaches them: fs/get, fs/put, fs/mkdir, fs/remove by
// name, and the listing of a hidden folder itself.
func TestLocalHidesDotFiles(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		if add := s.Storages()[0].Addition; !strings.Contains(add, `"show_hidden":false`) {
			t.Fatalf("the default /local is not made with show_hidden off: %s", add)
		}
		c.put("/local/site/.env", "A=1\n").ok(t)
		c.put("/local/site/.well-known/security", "contact\n").ok(t)
		c.put("/local/site/.well-known/.inner", "x").ok(t)
		c.put("/local/site/index.html", "<p>").ok(t)
		if got := names(t, c.fsList("/local/site")); !slices.Equal(got, []string{"index.html"}) {
			t.Fatalf("listing shows %v, want only index.html", got)
		}
		var l struct{ Total int }
		_ = json.Unmarshal(c.fsList("/local/site").ok(t).Data, &l)
		if l.Total != 1 {
			t.Fatalf("total %d counts hidden entries", l.Total)
		}
		// The hidden folder listed directly shows its own visible entries.
		if got := names(t, c.fsList("/local/site/.well-known")); !slices.Equal(got, []string{"security"}) {
			t.Fatalf("listing of the hidden folder shows %v", got)
		}
		g := c.fsGet("/local/site/.env").ok(t).obj(t)
		if g["name"] != ".env" || g["size"] != 4.0 {
			t.Fatalf("fs/get of a hidden file: %v", g)
		}
		// related comes from the parent's listing: every sibling shares the
		// empty base name of ".env", and the hidden ones are not listed.
		if rel, _ := g["related"].([]any); len(rel) != 1 || rel[0].(map[string]any)["name"] != "index.html" {
			t.Fatalf("related of a hidden file: %v", g["related"])
		}
		if g := c.fsGet("/local/site/.well-known").ok(t).obj(t); g["is_dir"] != true {
			t.Fatalf("fs/get of a hidden folder: %v", g)
		}
		c.fsGet("/local/site/.missing").is(t, 500, fl.msgNotFound())
		var dirs []map[string]any
		_ = json.Unmarshal(c.post("/api/fs/dirs", map[string]any{"path": "/local/site"}).ok(t).Data, &dirs)
		if len(dirs) != 0 {
			t.Fatalf("fs/dirs shows hidden folders: %v", dirs)
		}
		c.post("/api/fs/mkdir", map[string]any{"path": "/local/site/.well-known"}).ok(t) // exists: fine
		c.post("/api/fs/remove", map[string]any{"dir": "/local/site", "names": []string{".env"}}).ok(t)
		if _, err := os.Stat(s.DiskPath("/local/site/.env")); !os.IsNotExist(err) {
			t.Fatalf("fs/remove by name left the hidden file: %v", err)
		}
		c.post("/api/fs/remove", map[string]any{"dir": "/local/site", "names": []string{".well-known"}}).ok(t)
		if _, err := os.Stat(s.DiskPath("/local/site/.well-known")); !os.IsNotExist(err) {
			t.Fatalf("fs/remove by name left the hidden folder: %v", err)
		}
	})
}

// With show_hidden on (Options.ShowHidden, as the web UI makes a storage,
// or a storage updated to it) listings show dot files; Cached storages,
// like the remote drivers, have no such switch and show everything.
func TestLocalShowHidden(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, ShowHidden: true, CachingStorages: []string{"/cached"}})
		c := adminClient(t, s)
		if add := s.Storages()[0].Addition; !strings.Contains(add, `"show_hidden":true`) {
			t.Fatalf("ShowHidden: %s", add)
		}
		for _, root := range []string{"/local", "/cached"} {
			c.put(root+"/.env", "A=1\n").ok(t)
			c.put(root+"/.well-known/security", "contact\n").ok(t)
			if got := names(t, c.fsList(root, "refresh", true)); !slices.Equal(got, []string{".env", ".well-known"}) {
				t.Fatalf("%s lists %v", root, got)
			}
		}

		// Turned off through the admin API, the same storage hides them.
		row := getStorage(t, c, 1)
		var add map[string]any
		_ = json.Unmarshal([]byte(row["addition"].(string)), &add)
		add["show_hidden"] = false
		b, _ := json.Marshal(add)
		row["addition"] = string(b)
		c.post("/api/admin/storage/update", row).ok(t)
		if got := names(t, c.fsList("/local")); len(got) != 0 {
			t.Fatalf("after show_hidden off /local lists %v", got)
		}
		// A storage created through the API with only root_folder_path hides them too.
		id := createStorage(t, c, localStorage("/api-made", s.DiskPath("/local")))
		if got := names(t, c.fsList("/api-made")); len(got) != 0 || id == 0 {
			t.Fatalf("an API-made storage (%d) lists %v", id, got)
		}
	})
}
