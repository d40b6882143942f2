package alist

import "testing"

// Task names as the servers write them, read back into paths; names with
// brackets in a mount or a file name still match exactly the copy they
// describe, and no other.
func TestTaskNames(t *testing.T) {
	for _, tc := range []struct{ name, verb, src, dst string }{
		{"copy [/local](/src/a.txt) to [/local2](/)", "copy", "/local/src/a.txt", "/local2"},
		{"copy [/local](/src/d/x.txt) to [/local2](/d)", "copy", "/local/src/d/x.txt", "/local2/d"},
		{"merge [/local](/src/d) to [/local2](/)", "merge", "/local/src/d", "/local2"},
		{"copy [/](/a b/c.txt) to [/m/n](/x y)", "copy", "/a b/c.txt", "/m/n/x y"},
	} {
		verb, src, dst, ok := ParseTaskName(tc.name)
		if !ok || verb != tc.verb || src != tc.src || dst != tc.dst {
			t.Errorf("%q: %q %q %q %v", tc.name, verb, src, dst, ok)
		}
		if !taskNameIs(tc.name, tc.verb, tc.src, tc.dst) {
			t.Errorf("%q does not match %s %s", tc.name, tc.src, tc.dst)
		}
	}
	odd := "copy [/a](/x](y) to [z.txt) to [/b](/c)"
	if !taskNameIs(odd, "copy", "/a/x](y) to [z.txt", "/b/c") {
		t.Error("a file name with \"](\" and \") to [\" does not match its task")
	}
	for _, tc := range []struct{ src, dst string }{
		{"/a/x](y)", "/b/c"}, {"/a/x](y) to [z.txt", "/b"}, {"/a/x", "/b/c"},
	} {
		if taskNameIs(odd, "copy", tc.src, tc.dst) {
			t.Errorf("%q matches %s %s", odd, tc.src, tc.dst)
		}
	}
	if taskNameIs("merge [/local](/src/d) to [/local2](/)", "copy", "/local/src/d", "/local2") {
		t.Error("a merge matches a copy")
	}
	for _, bad := range []string{"", "copy", "copy [/a](/b)", "upload x.txt to [/a](/b)"} {
		if _, _, _, ok := ParseTaskName(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}
