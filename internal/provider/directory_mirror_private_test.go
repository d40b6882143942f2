package provider

import (
	"testing"
	"time"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// copiedTo is rsync's quick check: same size and time (to the second only
// where a side has no fraction), and no hash of a common kind differs.
func TestMirrorSideCopiedTo(t *testing.T) {
	src := time.Date(2026, 12, 3, 17, 12, 10, 395248563, time.UTC)
	side := mirrorSide{Size: 5, Modified: timeString(src), Hashes: map[string]string{"md5": "ABC"}}
	obj := func(size int64, mod time.Time, hashes map[string]string) *alist.Object {
		return &alist.Object{Size: size, Modified: mod, HashInfo: hashes}
	}
	for _, c := range []struct {
		name string
		o    *alist.Object
		want bool
	}{
		{"same", obj(5, src, nil), true},
		{"same hash, other case", obj(5, src, map[string]string{"md5": "abc"}), true},
		{"only another kind of hash", obj(5, src, map[string]string{"sha1": "x"}), true},
		{"whole seconds at the destination", obj(5, src.Truncate(time.Second), nil), true},
		{"another size", obj(6, src, nil), false},
		{"another time", obj(5, src.Add(time.Millisecond), nil), false},
		{"another second", obj(5, src.Truncate(time.Second).Add(time.Second), nil), false},
		{"another hash", obj(5, src, map[string]string{"md5": "abd"}), false},
		{"no time", obj(5, time.Time{}, nil), false},
		{"a folder", &alist.Object{IsDir: true, Size: 5, Modified: src}, false},
	} {
		if got := side.copiedTo(c.o); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if (mirrorSide{Size: 5}).copiedTo(obj(5, src, nil)) {
		t.Error("a source without a time: adopted")
	}
}
