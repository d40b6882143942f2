package alisttest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// settingReplayPlan replays an admin-setting transcript whole, as the admin.
func settingReplayPlan(file string) replayPlan {
	return replayPlan{name: "admin-setting", segments: []segment{{file: file}}}
}

var (
	abbrevKeysRE   = regexp.MustCompile(`^# abbreviated: (\d+) items; only the keys shown$`)
	abbrevObjectRE = regexp.MustCompile(`^# abbreviated: data is an object with (\d+) keys; shown: (.*)$`)
)

// splitAbbreviation takes the "# ..." lines the recorder put before an
// answer off it. The one saying how it abbreviated the data is returned
// ("" when the answer is whole; "# 8 items" only counts it).
func splitAbbreviation(body string) (rest, abbrev string) {
	for strings.HasPrefix(body, "# ") {
		line, after, _ := strings.Cut(body, "\n")
		if strings.HasPrefix(line, "# abbreviated: ") {
			abbrev = line
		}
		body = after
	}
	return body, abbrev
}

// checkAbbreviated compares data with an abbreviated recording: a list of
// rows shown by their keys, or an object of which some keys are shown.
func checkAbbreviated(abbrev string, want, got any) error {
	if m := abbrevKeysRE.FindStringSubmatch(abbrev); m != nil {
		var keys []string
		rows, _ := got.([]any)
		for _, r := range rows {
			row, _ := r.(map[string]any)
			keys = append(keys, fmt.Sprint(row["key"]))
		}
		wantKeys := fmt.Sprint(want)
		if n, _ := strconv.Atoi(m[1]); len(rows) != n || fmt.Sprint(keys) != wantKeys {
			return fmt.Errorf("data: keys %v, want %s", keys, wantKeys)
		}
		return nil
	}
	if m := abbrevObjectRE.FindStringSubmatch(abbrev); m != nil {
		obj, _ := got.(map[string]any)
		if n, _ := strconv.Atoi(m[1]); len(obj) != n {
			return fmt.Errorf("data: %d keys, want %d", len(obj), n)
		}
		shown, _ := want.(map[string]any)
		for _, k := range strings.Split(m[2], ", ") {
			if err := sameShape("data."+k, shown[k], obj[k]); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown abbreviation %q", abbrev)
}

func TestSettingsSaveIsUpsert(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		admin := adminClient(t, s)
		// A bare row turns a private secret public.
		admin.post("/api/admin/setting/save", []settingItem{{Key: "ldap_manager_password", Value: "s3cret"}}).ok(t)
		var pub map[string]string
		_ = json.Unmarshal(newClient(t, s).get("/api/public/settings").ok(t).Data, &pub)
		if pub["ldap_manager_password"] != "s3cret" || pub["version"] != fl.Version() {
			t.Errorf("public settings: %v", pub)
		}
		admin.post("/api/admin/setting/delete?key=ldap_manager_password", nil).is(t, 500, "setting [ldap_manager_password] is not deprecated")
		admin.get("/api/admin/setting/get?keys=site_title,nope").is(t, 400, "record not found")
		admin.get("/api/admin/setting/list?group=x").is(t, 400, `strconv.Atoi: parsing "x": invalid syntax`)
		var rows []settingItem
		_ = json.Unmarshal(admin.get("/api/admin/setting/list?groups=5").ok(t).Data, &rows)
		if len(rows) == 0 || rows[0].Key != "aria2_uri" {
			t.Errorf("offline download group: %v", rows)
		}
	})
}

// A refused hook value: AList saves the rest of the batch, OpenList nothing.
func TestSettingsHookBatch(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		admin := adminClient(t, s)
		r := admin.post("/api/admin/setting/save", []settingItem{
			{Key: "privacy_regs", Value: "(", Type: "text", Group: 4, Flag: flagPrivate},
			{Key: "site_title", Value: "TF", Type: "string", Group: groupSite},
		})
		if r.Code != 500 || !strings.Contains(r.Message, "missing closing )") {
			t.Fatalf("save: %d %q", r.Code, r.Message)
		}
		title, _ := s.Setting("site_title")
		if saved := title == "TF"; saved == fl.openList() {
			t.Errorf("site_title %q after the failed batch", title)
		}
		if v, _ := s.Setting("privacy_regs"); v == "(" {
			t.Error("the refused value was saved")
		}
	})
}

// The token setting is the admin token: reset_token replaces it.
func TestSettingsResetToken(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		old := s.AdminToken()
		c := newClient(t, s)
		c.token = old
		var tok string
		_ = json.Unmarshal(c.post("/api/admin/setting/reset_token", nil).ok(t).Data, &tok)
		if !strings.HasPrefix(tok, fl.tokenPrefix()) || tok == old || s.AdminToken() != tok {
			t.Fatalf("new token %q (server says %q)", tok, s.AdminToken())
		}
		c.get("/api/admin/setting/list").is(t, 401, "token is invalidated")
		c.token = tok
		if v, _ := s.Setting("token"); v != tok {
			t.Errorf("token setting %q", v)
		}
		if fl == AListV362 {
			c.post("/api/admin/setting/set_token", map[string]string{"token": "alist-mine"}).ok(t)
			c.token = "alist-mine"
			c.get("/api/admin/setting/list").ok(t)
		}
	})
}

// The built-in rows per flavour: the public ones the transcripts count.
func TestSettingsCatalogue(t *testing.T) {
	t.Parallel()
	for fl, want := range map[Flavor]int{AListV338: 33, AListV362: 46, OpenListV4: 47} {
		var st settingStore
		st.init(fl, Options{AdminToken: "t"})
		if got := len(st.public()); got != want {
			t.Errorf("%s: %d public settings, want %d", fl, got, want)
		}
		for i, it := range st.items {
			if it.Index != i || it.Type == "" {
				t.Errorf("%s: row %d %+v", fl, i, it)
			}
		}
	}
}

// OpenList's setting/default answers the defaults without saving them.
func TestSettingsDefaultOpenList(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Flavor: OpenListV4})
	admin := adminClient(t, s)
	admin.post("/api/admin/setting/save", []settingItem{{Key: "site_title", Value: "X"}}).ok(t)
	var rows []settingItem
	_ = json.Unmarshal(admin.post("/api/admin/setting/default?group=1", nil).ok(t).Data, &rows)
	if len(rows) != 8 || rows[1].Key != "site_title" || rows[1].Value != "OpenList" {
		t.Errorf("defaults: %v", rows)
	}
	if v, _ := s.Setting("site_title"); v != "X" {
		t.Errorf("site_title %q: the defaults were saved", v)
	}
}
