package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func hexHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// The compact private state reads back as written (hashes cut to their
// short form), whatever the records hold: the server's time in another
// zone or of another precision, hashes of the storage, a forgotten hash,
// records of the server without a source file and the reverse.
func TestSyncPrivateCompactRoundTrip(t *testing.T) {
	base := time.Date(2026, 11, 1, 10, 0, 0, 123456789, time.UTC).UnixNano()
	sp := &syncPrivate{
		Source: "/src", Listed: true,
		Dirs: []string{"a", "a/b"}, Created: []string{"", "a/b"}, Unmanaged: []string{"theirs.txt"},
		Local: map[string]*syncLocal{
			"a/one.txt":   {Size: 10, ModNano: base, Inode: 77, SHA256: hexHash("one")},
			"a/b/two.txt": {Size: 20, ModNano: base - 5e9, Inode: 70, SHA256: hexHash("two")},
			"local-only":  {Size: 0, ModNano: base + 1, Inode: 90, SHA256: hexHash("")},
			"odd-hash":    {Size: 3, ModNano: base + 2, Inode: 91, SHA256: "not hex"},
		},
		Managed: map[string]*syncRemote{
			"a/one.txt":   {SHA256: hexHash("one"), Size: 10, Modified: timeString(time.Unix(0, base-base%int64(time.Millisecond)).UTC())},
			"a/b/two.txt": {SHA256: hexHash("two, before"), Size: 19, Modified: timeString(time.Unix(0, base-5e9).In(time.FixedZone("", 8*3600)))},
			"gone-here":   {SHA256: hexHash("gone"), Size: 4, Modified: "2026-11-01T10:00:00+02:00", Hashes: map[string]string{"md5": "abc", "sha1": "def"}},
			"stale":       {SHA256: "", Size: 5},
			"odd-hash":    {SHA256: "not hex", Size: 3, Modified: "yesterday"},
		},
	}
	sp.Local["stale"] = &syncLocal{Size: 5, ModNano: base + 3, SHA256: hexHash("stale")}
	raw, err := sp.encode()
	if err != nil {
		t.Fatal(err)
	}
	got := &syncPrivate{}
	if err := got.decode(raw); err != nil {
		t.Fatal(err)
	}
	want := *sp
	want.Local, want.Managed = map[string]*syncLocal{}, map[string]*syncRemote{}
	// A record with a hash that is no hex SHA-256 keeps both as they are.
	literal := func(rel string) bool {
		l, m := sp.Local[rel], sp.Managed[rel]
		return l != nil && !binaryHash(l.SHA256) || m != nil && !binaryHash(m.SHA256)
	}
	for rel, l := range sp.Local {
		c := *l
		if !literal(rel) {
			c.SHA256 = shortHash(c.SHA256)
		}
		want.Local[rel] = &c
	}
	for rel, m := range sp.Managed {
		c := *m
		if !literal(rel) {
			c.SHA256 = shortHash(c.SHA256)
		}
		want.Managed[rel] = &c
	}
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("read back\n%s\nwant\n%s", dumpPrivate(got), dumpPrivate(&want))
	}
	if got.digest() != sp.digest() {
		t.Errorf("digest %s after the round trip, %s before", got.digest(), sp.digest())
	}
}

func dumpPrivate(sp *syncPrivate) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q %v %q %q %q\n", sp.Source, sp.Listed, sp.Dirs, sp.Created, sp.Unmanaged)
	for rel, l := range sp.Local {
		fmt.Fprintf(&b, "L %s %+v\n", rel, *l)
	}
	for rel, m := range sp.Managed {
		fmt.Fprintf(&b, "M %s %+v\n", rel, *m)
	}
	return b.String()
}

// A state written by versions before the compact form (JSON) still reads,
// and the next save writes the compact form.
func TestSyncPrivateReadsJSON(t *testing.T) {
	old := &syncPrivate{Source: "/src", Listed: true,
		Local:   map[string]*syncLocal{"a.txt": {Size: 1, ModNano: 5, Inode: 9, SHA256: hexHash("a")}},
		Managed: map[string]*syncRemote{"a.txt": {SHA256: hexHash("a"), Size: 1, Modified: "2026-11-01T10:00:00Z"}}}
	raw, err := packPrivate(old)
	if err != nil {
		t.Fatal(err)
	}
	got := &syncPrivate{}
	if err := got.decode(raw); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, old) {
		t.Errorf("read %s, want %s", dumpPrivate(got), dumpPrivate(old))
	}
	compact, err := got.encode()
	if err != nil || len(compact) >= len(raw) {
		t.Errorf("compact form: %d bytes (JSON %d), %v", len(compact), len(raw), err)
	}
}

// 100,000 files as the bench writes them take at most 22 bytes each in
// the private value: at most 40 in the state file, where Terraform
// base64-encodes it again.
func TestSyncPrivateSizePerFile(t *testing.T) {
	const n = 100_000
	sp := &syncPrivate{Source: "/src", Listed: true, Local: map[string]*syncLocal{}, Managed: map[string]*syncRemote{}}
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC).UnixNano()
	for i := range n {
		rel := fmt.Sprintf("d%03d/f%05d.bin", i/100, i)
		h := hexHash(rel)
		mod := base + int64(i)*21_345 + int64(h[0])*1000
		sp.Local[rel] = &syncLocal{Size: 1024, ModNano: mod, Inode: 5_000_000 + uint64(i)*2, SHA256: h}
		sp.Managed[rel] = &syncRemote{SHA256: h, Size: 1024, Modified: timeString(time.Unix(0, mod-mod%int64(time.Millisecond)).UTC())}
	}
	for i := range n / 100 {
		sp.Dirs = append(sp.Dirs, fmt.Sprintf("d%03d", i))
	}
	raw, err := sp.encode()
	if err != nil {
		t.Fatal(err)
	}
	if per := float64(len(raw)) / n; per > 22.5 {
		t.Errorf("%.1f bytes a file in the private value (%.1f in the state file), want at most 22.5 (40)", per, per*4/3)
	}
	got := &syncPrivate{}
	if err := got.decode(raw); err != nil || len(got.Local) != n || len(got.Managed) != n {
		t.Fatalf("read back %d, %d files: %v", len(got.Local), len(got.Managed), err)
	}
}

// Beyond maxChangesListed, changes are counted by folder, at the deepest
// level that keeps within the limit.
func TestSummarizeChanges(t *testing.T) {
	changes := map[string]string{}
	for i := range 30 {
		changes[fmt.Sprintf("site/d%02d/f%d.txt", i%3, i)] = hexHash("x")
	}
	changes["site/d00/old.txt"] = syncDelete
	changes["top.txt"] = syncDelete
	if got := summarize(changes, 100, "send"); !reflect.DeepEqual(got, changes) {
		t.Errorf("within the limit: %v", got)
	}
	want := map[string]string{"site/d00/": "10 to send, 1 to delete", "site/d01/": "10 to send, 0 to delete",
		"site/d02/": "10 to send, 0 to delete", "./": "0 to send, 1 to delete"}
	if got := summarize(changes, 4, "send"); !reflect.DeepEqual(got, want) {
		t.Errorf("by folder: %v, want %v", got, want)
	}
	want = map[string]string{"site/": "30 to send, 1 to delete", "./": "0 to send, 1 to delete"}
	if got := summarize(changes, 3, "send"); !reflect.DeepEqual(got, want) {
		t.Errorf("by top folder: %v, want %v", got, want)
	}
	want = map[string]string{"./": "30 to send, 2 to delete"}
	if got := summarize(changes, 1, "send"); !reflect.DeepEqual(got, want) {
		t.Errorf("whole: %v, want %v", got, want)
	}
}
