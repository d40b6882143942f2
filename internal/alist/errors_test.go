package alist

import "testing"

// A server's own disk paths never reach an error message.
func TestHideDiskPaths(t *testing.T) {
	for in, want := range map[string]string{
		"rename /srv/alist/data/rn/dir1 /srv/alist/data/rn/dir2: file exists":           "rename <server disk path>: file exists",
		"rename /srv/my dir/f2.txt /srv/my dir/sub/evil.txt: no such file or directory": "rename <server disk path>: no such file or directory",
		"failed to move: open C:\\alist\\x.txt: access is denied":                       "failed to move: open <server disk path>: access is denied",
		"file [f2.txt] exists":                       "file [f2.txt] exists",
		"failed to get src object: object not found": "failed to get src object: object not found",
	} {
		if got := hideDiskPaths(in); got != want {
			t.Errorf("hideDiskPaths(%q) = %q, want %q", in, got, want)
		}
	}
}
