package alisttest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A storage's addition and its driver's Init, as the real initStorage runs
// them: the addition text is unmarshalled into the driver's Addition
// struct, Init may change it, and the struct is marshalled back into the
// row: every field, in the struct's order, which is the
// order of the catalogue's "additional" items.

// decodeAddition unmarshals text over base (the driver's Addition as it
// is: zero values for a new driver, the old values on an update, since
// jsoniter leaves the fields the text does not name alone). Unknown keys
// are ignored; a value of the wrong type is an error.
func decodeAddition(items []driverItem, base object, text string) (object, error) {
	add := make(object, 0, len(items))
	for _, it := range items {
		add = append(add, field{it.Name, baseValue(base, it)})
	}
	trimmed := strings.TrimLeft(text, " \t\r\n")
	if strings.HasPrefix(trimmed, "null") {
		return add, nil
	}
	if !strings.HasPrefix(trimmed, "{") {
		return add, readObjectStartError(text)
	}
	var raw map[string]json.RawMessage
	// Malformed JSON after the "{": encoding/json's message, not jsoniter's
	// (no transcript records one).
	if err := json.Unmarshal([]byte(text), &raw); err != nil {
		return add, err
	}
	for i, it := range items {
		v, ok := raw[it.Name]
		if !ok || string(v) == "null" {
			continue
		}
		val, err := decodeItem(it, v)
		if err != nil {
			return add, err
		}
		add[i].v = val
	}
	return add, nil
}

func baseValue(base object, it driverItem) any {
	if v, ok := base.get(it.Name); ok {
		return v
	}
	switch it.kind() {
	case "bool":
		return false
	case "number":
		return json.Number("0")
	}
	return ""
}

// kind is the Go kind behind an item's type: "bool", "number" or "string"
// (select and text are strings).
func (it driverItem) kind() string {
	switch it.Type {
	case "bool":
		return "bool"
	case "number", "int", "int64", "float64":
		return "number"
	}
	return "string"
}

// decodeItem checks one value against its field's type. The message is
// encoding/json's; jsoniter words it differently (inferred: no transcript
// sends a wrong type).
func decodeItem(it driverItem, v json.RawMessage) (any, error) {
	wrap := func(err error) error { return fmt.Errorf("Addition.%s: %w", it.Name, err) } //nolint:staticcheck // the server's wording
	switch it.kind() {
	case "bool":
		var b bool
		if err := json.Unmarshal(v, &b); err != nil {
			return nil, wrap(err)
		}
		return b, nil
	case "number":
		var n float64
		if err := json.Unmarshal(v, &n); err != nil {
			return nil, wrap(err)
		}
		return json.Number(strings.TrimSpace(string(v))), nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return nil, wrap(err)
	}
	return s, nil
}

// readObjectStartError is jsoniter's error for an addition that is not an
// object, e.g. "" (transcripts: "readObjectStart: expect { or n, but found
// \u0000, error found in #0 byte of ...||..., bigger context ...||...").
// jsoniter reports the first non-blank byte (NUL at the end of the input)
// and the text around the position after it.
func readObjectStartError(text string) error {
	head := len(text) - len(strings.TrimLeft(text, " \t\r\n"))
	found := byte(0)
	if head < len(text) {
		found = text[head]
		head++
	}
	around := func(n int) string { return text[max(head-n, 0):min(head+n, len(text))] }
	//nolint:staticcheck // jsoniter's wording, as the real server answers it
	return fmt.Errorf("readObjectStart: expect { or n, but found %s, error found in #%d byte of ...|%s|..., bigger context ...|%s|...",
		string([]byte{found}), head-max(head-10, 0), around(10), around(50))
}

// get is a field's value.
func (o object) get(k string) (any, bool) {
	for _, f := range o {
		if f.k == k {
			return f.v, true
		}
	}
	return nil, false
}

// str is a string field's value, "" if absent.
func (o object) str(k string) string {
	v, _ := o.get(k)
	s, _ := v.(string)
	return s
}

// text is the addition as the row stores it.
func (o object) text() string {
	b, _ := o.appendTo(nil) // strings, bools and numbers: always encodes
	return string(b)
}

// errNoContent answers reads of storages whose drivers the test server
// does not connect anywhere (WebDav, S3).
type errNoContent struct{ driver string }

func (e errNoContent) Error() string {
	return fmt.Sprintf("alisttest: the test server's %s driver connects to nothing and has no content", e.driver)
}

// mountDriver runs a driver's Init on add (which it may change) and
// returns the mount it makes. login is false when a restart remounts a
// remote storage: it keeps the token saved in its addition instead of
// logging in again during the loading phase.
func (s *Server) mountDriver(ctx context.Context, st *Storage, info *driverInfo, add object, login bool) (*mount, error) {
	m := &mount{path: st.MountPath, root: s.noDisk(), driver: st.Driver, created: st.Modified,
		caching: !info.Config.NoCache && st.CacheExpiration > 0, cache: map[string][]obj{}}
	switch st.Driver {
	case DriverLocal, DriverCached:
		root, err := s.initLocal(add)
		if err != nil {
			return nil, err
		}
		m.root = root
		show, _ := add.get("show_hidden") // Local's only: Cached, like the remote drivers, has none
		m.hideDot = st.Driver == DriverLocal && show != true
	case DriverAListV3, DriverOpenList:
		r := s.newRemote(add, st.ID)
		r.topOnly = st.Driver == DriverAListV3 && s.flavor.peerTopOnly()
		if login {
			if err := r.init(ctx); err != nil {
				return nil, err
			}
			add.set("token", r.currentToken()) // the token it got, saved in the row
		}
		m.remote = r
	default:
		// WebDav and S3: Init succeeds without connecting. S3's real Init
		// only builds a client; WebDav's would PROPFIND the address, but
		// nothing in the tests serves WebDAV or S3 content, so both mount
		// and answer reads with an error.
		m.offline = errNoContent{st.Driver}
	}
	return m, nil
}

// initLocal is the Local driver's Init (drivers/local/driver.go): the
// mkdir permission and thumbnail concurrency must parse, the root folder
// must exist (a relative one is made absolute, as the real one does
// against its working directory), and v3.62 and OpenList default the
// video thumbnail position. The thumbnail cache folder is not created:
// the test server makes no thumbnails.
func (s *Server) initLocal(add object) (string, error) {
	if perm := add.str("mkdir_perm"); perm != "" {
		if _, err := strconv.ParseUint(perm, 8, 32); err != nil {
			return "", err
		}
	}
	root := add.str("root_folder_path")
	if _, err := os.Stat(root); errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("root folder %s not exists", root)
	}
	if !filepath.IsAbs(root) {
		abs, err := filepath.Abs(root)
		if err != nil {
			return "", err
		}
		root = abs
		add.set("root_folder_path", root) // present: set changes it in place
	}
	if n := add.str("thumb_concurrency"); n != "" {
		if _, err := strconv.ParseUint(n, 10, 32); err != nil {
			return "", err
		}
	}
	if s.flavor != AListV338 && add.str("video_thumb_pos") == "" {
		add.set("video_thumb_pos", "20%")
	}
	return root, nil
}

// noDisk is the root of storages without a folder on disk (remote, failed
// or offline ones): a name with a NUL byte, which no file system accepts,
// so any disk call through such a mount (a rename, a remove, a test's
// WriteFile) fails with "invalid argument" instead of touching the disk.
func (s *Server) noDisk() string { return filepath.Join(s.tmpDir, "no-disk\x00") }
