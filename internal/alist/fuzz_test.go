package alist_test

import (
	"context"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// Any file name survives the File-Path header, the server's unescaping, the
// disk and fs/get, unchanged. The seed corpus runs in every go test.
func FuzzPutPathRoundTrip(f *testing.F) {
	srv := alisttest.NewServer(f, alisttest.Options{})
	s, err := alist.NewSession(admin(srv))
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{"plain.txt", "with space", "100%", "%2F not a slash", "#hash", "what?", "a+b", "中文", "🚀 emoji", "semi;colon", "&amp;", "'quote\"", "~tilde", "percent%20encoded"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if !storable(name) {
			t.Skip()
		}
		p := "/local/fuzz/" + name
		data := []byte("content of " + name)
		if _, err := s.Put(context.Background(), alist.PutRequest{Path: p, Size: int64(len(data)), Open: alist.BytesBody(data)}); err != nil {
			t.Fatalf("put %q: %v", p, err)
		}
		o, err := s.Get(context.Background(), p, "")
		if err != nil || o.Name != name || o.Size != int64(len(data)) {
			t.Fatalf("get %q: %+v %v", p, o, err)
		}
		if got, err := srv.ReadFile(p); err != nil || string(got) != string(data) {
			t.Fatalf("disk %q: %q %v", p, got, err)
		}
	})
}

// storable: a single path segment a POSIX file system keeps as is.
func storable(name string) bool {
	if name == "" || name == "." || name == ".." || len(name) > 200 || !utf8.ValidString(name) || strings.ContainsAny(name, "/\\") {
		return false
	}
	return !strings.ContainsFunc(name, unicode.IsControl)
}
