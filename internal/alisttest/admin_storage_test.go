package alisttest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// Replay of the admin-storage and admin-driver transcripts.

// storageReplayPlan replays an admin-storage transcript whole, as the
// admin, on a server with the recording's prepared folders.
func storageReplayPlan(file string) replayPlan {
	return replayPlan{name: "admin-storage", setup: func(s *Server) error { return storageTranscriptSetup(s, file) },
		segments: []segment{{file: file}}}
}

// driverReplayPlan replays an admin-driver transcript whole.
func driverReplayPlan(file string) replayPlan {
	return replayPlan{name: "admin-driver", segments: []segment{{file: file}}}
}

// storageTranscriptSetup prepares the folders of /local the recording
// had: tx1, tf1, txdis and txfix from the start (the transcripts' header),
// tx100 and txdps only from the create of /tx100 on (the AList V3 storage's
// listing of /local earlier shows neither; the recorder made them then).
func storageTranscriptSetup(s *Server, file string) error {
	for _, d := range []string{"tx1", "tf1", "txdis", "txfix"} {
		if err := s.Mkdir("/local/" + d); err != nil {
			return err
		}
	}
	raw, err := os.ReadFile(filepath.Join(transcriptDir, file))
	if err != nil {
		return err
	}
	nth := 0
	for _, ln := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(ln, "--- POST /api/admin/storage/create ") {
			nth++
			if strings.Contains(ln, `"/tx100"`) {
				break
			}
		}
	}
	s.Hook("/api/admin/storage/create", nth, func() {
		_ = s.Mkdir("/local/tx100")
		_ = s.Mkdir("/local/txdps")
	})
	return nil
}

// recordedURL is the recording server's address, which the AList V3
// storages of the transcripts point at: this server stands in for it.
var recordedURL = regexp.MustCompile(`http://127\.0\.0\.1:54\d\d`)

// localDir is <DIR> of the transcripts: the folder of /local.
func (r *replayer) localDir() string { return filepath.Join(r.s.Dir(), "local") }

// fillPlaceholders puts this server's folder and address into a request.
func (r *replayer) fillPlaceholders(s string) string {
	s = strings.ReplaceAll(s, "<DIR2>", r.local2Dir()) // copy_replay_test.go
	s = strings.ReplaceAll(s, "<DIR>", r.localDir())
	return recordedURL.ReplaceAllString(s, r.s.URL)
}

// unfillMessage writes an answer's message as the recording does, with
// <DIR> for the folder of /local.
func (r *replayer) unfillMessage(env map[string]any) {
	if msg, ok := env["message"].(string); ok {
		env["message"] = strings.ReplaceAll(msg, r.localDir(), "<DIR>")
	}
}

var driverAbbrevRE = regexp.MustCompile(`^# abbreviated: data is (a JSON array of \d+ driver names|an object with \d+ keys \(driver name -> same Info)`)

func isDriverAbbreviation(abbrev string) bool { return driverAbbrevRE.MatchString(abbrev) }

// checkDrivers compares driver/names and driver/list, whose recordings
// show a few of the real servers' 69-97 drivers: here the answer must hold
// exactly the catalogue (the driver/names are the driver/list keys, as
// the recordings check), each driver/list value shaped like an Info.
func (r *replayer) checkDrivers(got any) error {
	want := r.s.flavor.catalogue()
	var keys []string
	switch g := got.(type) {
	case []any:
		for _, n := range g {
			keys = append(keys, fmt.Sprint(n))
		}
	case map[string]any:
		for k, v := range g {
			keys = append(keys, k)
			if !isDriverInfo(v) {
				return fmt.Errorf("data.%s: %v, want an Info", k, v)
			}
		}
	}
	sort.Strings(keys)
	var names []string
	for n := range want {
		names = append(names, n)
	}
	sort.Strings(names)
	if !slices.Equal(keys, names) {
		return fmt.Errorf("data: drivers %v, want %v", keys, names)
	}
	return nil
}

// isDriverInfo tells whether v is shaped like {common, additional, config}.
func isDriverInfo(v any) bool {
	info, _ := v.(map[string]any)
	_, common := info["common"].([]any)
	_, additional := info["additional"].([]any)
	_, config := info["config"].(map[string]any)
	return len(info) == 3 && common && additional && config
}

// Unit tests for what the replay cannot show.

func createStorage(t *testing.T, c *client, body map[string]any) int {
	t.Helper()
	var d struct{ ID int }
	_ = json.Unmarshal(c.post("/api/admin/storage/create", body).ok(t).Data, &d)
	return d.ID
}

func localStorage(mountPath, root string) map[string]any {
	add, _ := json.Marshal(map[string]string{"root_folder_path": root})
	return map[string]any{"mount_path": mountPath, "driver": "Local", "addition": string(add)}
}

func getStorage(t *testing.T, c *client, id int) map[string]any {
	t.Helper()
	return c.get(fmt.Sprintf("/api/admin/storage/get?id=%d", id)).ok(t).obj(t)
}

func TestStorageCreateMountsOnDisk(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		folder := t.TempDir()
		id := createStorage(t, c, localStorage("new/", folder))
		if id != 2 {
			t.Fatalf("id %d", id)
		}
		c.put("/new/a.txt", "hello").ok(t)
		if b, err := os.ReadFile(filepath.Join(folder, "a.txt")); err != nil || string(b) != "hello" {
			t.Fatalf("on disk: %q %v", b, err)
		}
		if n := names(t, c.fsList("/new")); !reflect.DeepEqual(n, []string{"a.txt"}) {
			t.Fatalf("listing %v", n)
		}
		if n := names(t, c.fsList("/")); !reflect.DeepEqual(n, []string{"local", "new"}) {
			t.Fatalf("root %v", n)
		}
		// The addition holds every field of the flavour's Local driver.
		var add map[string]any
		_ = json.Unmarshal([]byte(getStorage(t, c, id)["addition"].(string)), &add)
		info, _ := s.driverNamed(DriverLocal)
		if len(add) != len(info.Additional) || add["root_folder_path"] != folder {
			t.Fatalf("addition %v", add)
		}
		// Renaming the mount path remounts.
		row := getStorage(t, c, id)
		row["mount_path"] = "/renamed"
		c.post("/api/admin/storage/update", row).ok(t)
		if n := names(t, c.fsList("/")); !reflect.DeepEqual(n, []string{"local", "renamed"}) {
			t.Fatalf("root after rename %v", n)
		}
		if n := names(t, c.fsList("/renamed")); !reflect.DeepEqual(n, []string{"a.txt"}) {
			t.Fatalf("renamed listing %v", n)
		}
		c.post("/api/admin/storage/create", localStorage("/x", folder+"/missing")).is(t, 500,
			"failed init storage but storage is already created: failed init storage: root folder "+folder+"/missing not exists")
		c.fsList("/x").is(t, 500, "failed get objs: root folder "+folder+"/missing not exists")
	})
}

func TestStorageGhostMountUntilRestart(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		body := localStorage("/ghost", t.TempDir())
		body["disabled"] = true
		id := createStorage(t, c, body)
		if row := getStorage(t, c, id); row["status"] != "work" || row["disabled"] != true {
			t.Fatalf("created disabled: %v", row)
		}
		c.post(fmt.Sprintf("/api/admin/storage/delete?id=%d", id), nil).ok(t)
		if !s.Mounted("/ghost") || len(s.Storages()) != 1 {
			t.Fatal("no ghost")
		}
		c.fsList("/ghost").ok(t)
		s.Restart(0, 0)
		if s.Mounted("/ghost") || !s.Mounted("/local") {
			t.Fatal("the ghost outlived the restart")
		}
	})
}

func TestStorageUpdateWithoutID(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		// The first row is /local (id 1), a Local storage: a new row.
		c.post("/api/admin/storage/update", localStorage("/zz", t.TempDir())).ok(t)
		rows := s.Storages()
		if len(rows) != 2 || rows[1].ID != 2 || rows[1].MountPath != "/zz" || rows[0].MountPath != "/local" {
			t.Fatalf("rows %+v", rows)
		}
		if s.Mounted("/local") || !s.Mounted("/zz") {
			t.Fatal("the first storage should have lost its mount")
		}
		// Not disable-able now, and not deletable on AList (OpenList
		// deletes the row and reports the missing mount, see
		// TestStorageOpenListDeleteWithoutMount); update disabled:true,
		// then delete, recovers (as on the real v3.38).
		c.post("/api/admin/storage/disable?id=1", nil).is(t, 500, "failed get storage driver: no mount path for an storage is: /local")
		row := getStorage(t, c, 1)
		row["disabled"] = true
		c.post("/api/admin/storage/update", row).ok(t)
		c.post("/api/admin/storage/delete?id=1", nil).ok(t)
		// A driver that does not match is refused.
		c.post("/api/admin/storage/update", map[string]any{"mount_path": "/w", "driver": "WebDav", "addition": "{}"}).
			is(t, 500, "driver cannot be changed")
	})
}

func TestStorageOpenListDeleteWithoutMount(t *testing.T) {
	for _, fl := range flavors {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		c.post("/api/admin/storage/update", localStorage("/zz", t.TempDir())).ok(t) // unmounts /local
		c.post("/api/admin/storage/delete?id=1", nil).is(t, 500, "failed get storage driver: no mount path for an storage is: /local")
		gone := len(s.Storages()) == 1
		if gone != fl.openList() {
			t.Errorf("%s: row deleted %v", fl, gone)
		}
	}
}

func TestStorageV362Rules(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Flavor: AListV362, Users: []User{{Username: "u_dps", Password: "pw", BasePath: "/dps/sub"}}})
	c := adminClient(t, s)
	body := localStorage("/dps", t.TempDir())
	body["down_proxy_sign"] = false
	id := createStorage(t, c, body)
	row := getStorage(t, c, id)
	if row["down_proxy_sign"] != true {
		t.Fatalf("gorm default: %v", row["down_proxy_sign"])
	}
	row["down_proxy_sign"] = false
	c.post("/api/admin/storage/update", row).ok(t)
	if getStorage(t, c, id)["down_proxy_sign"] != false {
		t.Fatal("update should set false")
	}
	c.post(fmt.Sprintf("/api/admin/storage/delete?id=%d", id), nil).is(t, 500, "storage is used by user:u_dps, please cancel usage first")
	if s.storageInUse("/local") != "" {
		t.Fatal("/local is used by nobody")
	}
}

func TestStorageEnableDisableAndList(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, Storages: []string{"/a", "/b"}, CachingStorages: []string{"/c"}})
		c := adminClient(t, s)
		c.post("/api/admin/storage/enable?id=1", nil).is(t, 500, "this storage have enabled")
		c.post("/api/admin/storage/disable?id=1", nil).ok(t)
		c.post("/api/admin/storage/disable?id=1", nil).is(t, 500, "this storage have disabled")
		if s.Mounted("/a") || getStorage(t, c, 1)["status"] != "disabled" {
			t.Fatal("disable")
		}
		c.post("/api/admin/storage/enable?id=1", nil).ok(t)
		c.post("/api/admin/storage/enable?id=x", nil).is(t, 400, `strconv.Atoi: parsing "x": invalid syntax`)
		c.get("/api/admin/storage/get?id=9").is(t, 500, "record not found")
		var page struct {
			Content []Storage
			Total   int
		}
		_ = json.Unmarshal(c.get("/api/admin/storage/list?page=2&per_page=2").ok(t).Data, &page)
		if page.Total != 3 || len(page.Content) != 1 || page.Content[0].Driver != DriverCached {
			t.Fatalf("page 2: %+v", page)
		}
		_ = json.Unmarshal(c.get("/api/admin/storage/list?page=3&per_page=2").ok(t).Data, &page)
		if page.Total != 3 || len(page.Content) != 0 {
			t.Fatalf("page 3: %+v", page)
		}
		c.post("/api/admin/storage/load_all", nil).ok(t)
		if !s.Mounted("/a") || !s.Mounted("/c") {
			t.Fatal("load_all")
		}
		// Cached is in the catalogue, with the cache fields.
		info := c.get("/api/admin/driver/info?driver=Cached").ok(t).obj(t)
		if cfg := info["config"].(map[string]any); cfg["name"] != "Cached" || cfg["no_cache"] != false {
			t.Fatalf("Cached config %v", cfg)
		}
	})
}

func TestStorageRemoteDriver(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		target := NewServer(t, Options{Flavor: AListV338, Users: []User{{Username: "peer", Password: "peer-pw", Permission: PermWrite}}})
		if err := target.WriteFile("/local/shared/f.txt", []byte("12345")); err != nil {
			t.Fatal(err)
		}
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		addition := func(password string) string {
			b, _ := json.Marshal(map[string]string{"url": target.URL + "/", "username": "peer", "password": password, "root_folder_path": "/local"})
			return string(b)
		}
		c.post("/api/admin/storage/create", map[string]any{"mount_path": "/bad", "driver": "AList V3", "addition": addition("nope")}).
			is(t, 500, "failed init storage but storage is already created: failed init storage: request failed,code: 400, message: password is incorrect")
		// OpenList's AList V3 driver serves only its top folder
		// (TestStoragePeerTopOnly); its own OpenList driver serves them all.
		driver := "AList V3"
		if fl.peerTopOnly() {
			driver = DriverOpenList
		}
		id := createStorage(t, c, map[string]any{"mount_path": "/peer", "driver": driver, "cache_expiration": 0, "addition": addition("peer-pw")})
		var add map[string]any
		_ = json.Unmarshal([]byte(getStorage(t, c, id)["addition"].(string)), &add)
		if add["password"] != "peer-pw" || add["token"] == "" || add["url"] != target.URL {
			t.Fatalf("addition %v", add)
		}
		if n := names(t, c.fsList("/peer/shared")); !reflect.DeepEqual(n, []string{"f.txt"}) {
			t.Fatalf("listing %v", n)
		}
		if g := c.fsGet("/peer/shared/f.txt").ok(t).obj(t); g["size"] != 5.0 || g["provider"] != driver {
			t.Fatalf("get %v", g)
		}
		c.fsGet("/peer/shared/none.txt").is(t, 500, "object not found") // a miss in the listing on every flavour
		// Writes are not forwarded.
		if r := c.put("/peer/shared/g.txt", "x"); r.Code != 500 || target.Exists("/local/shared/g.txt") {
			t.Fatal("a write went through")
		}
		// The target forgets its tokens: the driver logs in again.
		target.ForgetTokens()
		c.fsList("/peer/shared").ok(t)
	})
}

// On OpenList the AList V3 driver lists its top folder, and every folder
// below it as the target's root, so that a file there is not found, with
// or without a cache; a folder at the top is still found. AList, and
// OpenList's own driver, serve every level.
func TestStoragePeerTopOnly(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		target := NewServer(t, Options{Flavor: AListV338})
		for p, data := range map[string]string{"/local/top.txt": "top", "/local/shared/f.txt": "12345"} {
			if err := target.WriteFile(p, []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		add, _ := json.Marshal(map[string]string{"url": target.URL, "username": DefaultAdminUsername, "password": DefaultAdminPassword, "root_folder_path": "/local"})
		mounts := map[string]string{"/peer": "AList V3", "/cached": "AList V3"}
		if fl.openList() {
			mounts["/own"] = DriverOpenList
		}
		for m, driver := range mounts {
			cache := 0
			if m == "/cached" {
				cache = 30
			}
			createStorage(t, c, map[string]any{"mount_path": m, "driver": driver, "cache_expiration": cache, "addition": string(add)})
			if n := names(t, c.fsList(m)); !reflect.DeepEqual(n, []string{"shared", "top.txt"}) {
				t.Fatalf("%s %s: top listing %v", driver, m, n)
			}
			if g := c.fsGet(m + "/top.txt").ok(t).obj(t); g["size"] != 3.0 {
				t.Fatalf("%s %s: top file %v", driver, m, g)
			}
			c.fsGet(m + "/shared").ok(t)
			broken := fl.peerTopOnly() && driver == "AList V3"
			got := c.fsGet(m + "/shared/f.txt")
			list := names(t, c.fsList(m+"/shared"))
			switch {
			case broken:
				got.is(t, 500, "object not found")
				if !reflect.DeepEqual(list, []string{"local"}) { // the target's root
					t.Fatalf("%s %s: a folder below the top lists %v, want the target's root", driver, m, list)
				}
			default:
				if g := got.ok(t).obj(t); g["size"] != 5.0 {
					t.Fatalf("%s %s: %v", driver, m, g)
				}
				if !reflect.DeepEqual(list, []string{"f.txt"}) {
					t.Fatalf("%s %s: listing %v", driver, m, list)
				}
			}
		}
	})
}

func TestStorageDriverInfo(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		c.get("/api/admin/driver/info?driver=WebDAV").is(t, 404, "driver [WebDAV] not found")
		var names1 []string
		_ = json.Unmarshal(c.get("/api/admin/driver/names").ok(t).Data, &names1)
		want := []string{"AList V3", "Cached", "Local", "S3", "WebDav"}
		if fl.openList() {
			want = append(want, "OpenList")
		}
		sort.Strings(want)
		sort.Strings(names1)
		if !reflect.DeepEqual(names1, want) {
			t.Fatalf("names %v", names1)
		}
		// WebDav and S3 mount without connecting, and have no content.
		id := createStorage(t, c, map[string]any{"mount_path": "/dav", "driver": "WebDav", "addition": `{"address":"http://x"}`})
		if getStorage(t, c, id)["status"] != "work" {
			t.Fatal("WebDav init")
		}
		c.fsList("/dav").is(t, 500, "failed get objs: alisttest: the test server's WebDav driver connects to nothing and has no content")
	})
}

func TestStorageAdditionDecoding(t *testing.T) {
	t.Parallel()
	info := AListV338.catalogue()[DriverLocal]
	for text, want := range map[string]string{
		"":    `readObjectStart: expect { or n, but found ` + "\x00" + `, error found in #0 byte of ...||..., bigger context ...||...`,
		" x1": `readObjectStart: expect { or n, but found x, error found in #2 byte of ...| x1|..., bigger context ...| x1|...`,
	} {
		if _, err := decodeAddition(info.Additional, nil, text); err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %s", text, err, want)
		}
	}
	add, err := decodeAddition(info.Additional, object{{"mkdir_perm", "755"}}, `{"thumbnail":true,"unknown":1}`)
	if err != nil || add.text() != `{"root_folder_path":"","thumbnail":true,"thumb_cache_folder":"","thumb_concurrency":"","show_hidden":false,"mkdir_perm":"755","recycle_bin_path":""}` {
		t.Fatalf("%s %v", add.text(), err)
	}
	if _, err := decodeAddition(info.Additional, nil, `{"thumbnail":"yes"}`); err == nil {
		t.Fatal("a string for a bool")
	}
}

// TestStorageMountChangesUnderLoad changes mounts while listings run
// (go test -race checks the mount table's copy-on-write).
func TestStorageMountChangesUnderLoad(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	c := adminClient(t, s)
	folder := t.TempDir()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := newClient(t, s)
			r.token = c.token
			for {
				select {
				case <-stop:
					return
				default:
				}
				r.fsList("/")
				r.fsList("/m1")
				r.fsGet("/local")
			}
		}()
	}
	deadline := time.Now().Add(300 * time.Millisecond)
	for i := 0; time.Now().Before(deadline); i++ {
		id := createStorage(t, c, localStorage(fmt.Sprintf("/m%d", i%3), folder))
		c.post(fmt.Sprintf("/api/admin/storage/disable?id=%d", id), nil).ok(t)
		c.post(fmt.Sprintf("/api/admin/storage/enable?id=%d", id), nil).ok(t)
		c.post(fmt.Sprintf("/api/admin/storage/delete?id=%d", id), nil).ok(t)
	}
	close(stop)
	wg.Wait()
	if len(s.Storages()) != 1 {
		t.Fatalf("rows %+v", s.Storages())
	}
}
