package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The walk follows symlinked files and folders, sorts, skips pruned
// folders, and hashes only files whose fingerprint changed.
func TestWalkSourceAndHash(t *testing.T) {
	src, elsewhere := t.TempDir(), t.TempDir()
	writeTree(t, src, map[string]string{"b.txt": "b", "a/x.txt": "x", ".hidden": "h", "drafts/d.md": "d"})
	writeTree(t, elsewhere, map[string]string{"shared/s.txt": "s", "real.txt": "r"})
	if err := os.Symlink(filepath.Join(elsewhere, "shared"), filepath.Join(src, "linked")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(elsewhere, "real.txt"), filepath.Join(src, "link.txt")); err != nil {
		t.Fatal(err)
	}
	drafts, err := parseGlob("drafts/**")
	if err != nil {
		t.Fatal(err)
	}
	files, err := walkSource(src, fileFilter{exclude: []globPattern{drafts}})
	if err != nil {
		t.Fatal(err)
	}
	var rels []string
	for _, f := range files {
		rels = append(rels, f.rel)
	}
	if got := strings.Join(rels, " "); got != ".hidden a/x.txt b.txt link.txt linked/s.txt" {
		t.Fatalf("walked %s", got)
	}
	n, err := hashFiles(context.Background(), files, nil)
	if err != nil || n != len(files) {
		t.Fatalf("hashed %d of %d: %v", n, len(files), err)
	}
	if files[3].fp.SHA256 != sha256Hex([]byte("r")) {
		t.Errorf("link.txt hashes as %s, want its target's content", files[3].fp.SHA256)
	}
	sp := &syncPrivate{}
	sp.setLocal(src, files)
	writeTree(t, src, map[string]string{"b.txt": "b, edited"})
	again, err := walkSource(src, fileFilter{exclude: []globPattern{drafts}})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := hashFiles(context.Background(), again, sp.knownHashes(src)); err != nil || n != 1 {
		t.Fatalf("the second plan read %d files (%v), want only the edited one", n, err)
	}
	if again[2].fp.SHA256 != sha256Hex([]byte("b, edited")) || again[0].fp.SHA256 != sp.Local[".hidden"].SHA256 {
		t.Error("hashes not carried or not updated")
	}
}
