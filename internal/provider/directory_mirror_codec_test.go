package provider

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"reflect"
	"testing"
	"time"
)

// The compact private state reads back exactly as written: copies whose
// destination kept the source's side (folded) or not (another time, other
// hashes, another size), stale copies, files sent, hashes in hex and not,
// times that are not RFC 3339, the files of others and the folders made.
// The JSON of version 0 still reads.
func TestMirrorPrivateRoundTrip(t *testing.T) {
	base := time.Date(2026, 12, 3, 17, 12, 10, 395248563, time.FixedZone("", 3600))
	side := func(size int64, mod time.Time, hashes map[string]string) mirrorSide {
		return mirrorSide{Size: size, Modified: timeString(mod), Hashes: hashes}
	}
	mp := &mirrorPrivate{
		Copied: map[string]*mirrorCopy{
			"a.txt":          {Src: side(5, base, nil), Dst: side(5, base, nil)},
			"b/c.txt":        {Src: side(7, base.Add(-time.Hour), map[string]string{"md5": "0123456789abcdef0123456789abcdef"}), Dst: side(7, base.Add(time.Minute).UTC(), map[string]string{"md5": "0123456789abcdef0123456789abcdef"})},
			"b/d.txt":        {Src: side(9, base, map[string]string{"sha1": "ABCDEF"}), Dst: side(10, base.Truncate(time.Second), map[string]string{"sha1": "abc", "md5": "x y"}), Stale: true},
			"b/e.txt":        {Src: mirrorSide{Size: 1, Modified: "yesterday"}, Dst: mirrorSide{Size: 1}},
			"z/very/deep.md": {Src: side(0, base.Add(24*time.Hour), nil), Dst: side(0, base.Add(24*time.Hour), nil), Stale: true},
		},
		Sent:      map[string]mirrorSide{"b/f.txt": side(3, base.Add(time.Second), nil), "a.txt": side(6, base.Add(2*time.Second), nil)},
		Created:   []string{"", "b", "z", "z/very"},
		Unmanaged: []string{"theirs.txt", "x/y.txt"},
	}
	raw, err := mp.encode()
	if err != nil {
		t.Fatal(err)
	}
	got := &mirrorPrivate{}
	if err := got.decode(raw); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, mp) {
		t.Errorf("read back\n%#v\nwant\n%#v", got, mp)
	}
	for rel, rec := range mp.Copied {
		if g := got.Copied[rel]; g == nil || g.Src.fingerprint() != rec.Src.fingerprint() {
			t.Errorf("%s: fingerprint %v, want %s", rel, g, rec.Src.fingerprint())
		}
	}

	old, err := packPrivate(mp) // version 0 wrote JSON
	if err != nil {
		t.Fatal(err)
	}
	got = &mirrorPrivate{}
	if err := got.decode(old); err != nil || !reflect.DeepEqual(got, mp) {
		t.Errorf("JSON read back %#v, %v", got, err)
	}
	if err := got.decode([]byte(`"AAAA"`)); err == nil {
		t.Error("garbage read without error")
	}
}

// 100,000 files copied between storages (each destination side the
// source's), of sizes and times as random as a photo library's, take at most 22.5 bytes each in the private value, 40 in the
// state file, whose base64 layers make each byte 16/9 bytes (4/3 counted
// here for the outer layers of the value; the value itself is base64).
func TestMirrorPrivateSizePerFile(t *testing.T) {
	const n = 100_000
	mp := &mirrorPrivate{Copied: map[string]*mirrorCopy{}, Sent: map[string]mirrorSide{}}
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC).UnixNano()
	for i := range n {
		rel := fmt.Sprintf("d%03d/f%05d.bin", i/100, i)
		h := sha256.Sum256([]byte(rel))
		r := binary.LittleEndian.Uint64(h[:])
		mod := base + int64(r%(3*86400))*int64(time.Second) + int64(r>>40%1000)*int64(time.Millisecond)
		s := mirrorSide{Size: 500_000 + int64(r>>20%5_000_000), Modified: timeString(time.Unix(0, mod).UTC())}
		mp.Copied[rel] = &mirrorCopy{Src: s, Dst: s}
	}
	for i := range n / 100 {
		mp.Created = append(mp.Created, fmt.Sprintf("d%03d", i))
	}
	raw, err := mp.encode()
	if err != nil {
		t.Fatal(err)
	}
	if per := float64(len(raw)) / n; per > 22.5 {
		t.Errorf("%.1f bytes a file in the private value (%.1f in the state file), want at most 22.5 (40)", per, per*16/9)
	} else {
		t.Logf("%.1f bytes a file in the private value (%.1f in the state file)", per, per*16/9)
	}
	got := &mirrorPrivate{}
	if err := got.decode(raw); err != nil || len(got.Copied) != n {
		t.Fatalf("read back %d files: %v", len(got.Copied), err)
	}
	if !reflect.DeepEqual(got.Copied["d123/f12345.bin"], mp.Copied["d123/f12345.bin"]) {
		t.Errorf("read back %#v", got.Copied["d123/f12345.bin"])
	}
}
