package alist_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// DownloadURL against each server line: only a /p/ or /d/ link of the site
// whose path has an escaped "%" changes, and only on a server that decodes
// the path twice.
func TestDownloadURL(t *testing.T) {
	const site = "http://127.0.0.1:5244"
	infos := []struct {
		name  string
		info  alist.ServerInfo
		fixes bool
	}{
		{"v3.38", alist.ParseServerInfo("v3.38.0"), false},
		{"v3.62", alist.ParseServerInfo("v3.62.0"), true},
		{"OpenList", alist.ParseServerInfo("v4.2.5 (Commit: cc87e88) - Frontend: v4.2.5 - Build at: x"), false},
		{"dev probed as v3.62", devRoles, true},
		{"dev probed as v3.38", devOld, false},
	}
	for _, tc := range []struct {
		name       string
		site       string // default: site
		raw, fixed string // fixed "": unchanged
		proxy      bool   // a /p/ or /d/ link of the site: its path must decode twice to what raw decodes once to
	}{
		{name: "p%.txt", raw: site + "/p/local/t/p%25.txt?sign=S1:0", fixed: site + "/p/local/t/p%2525.txt?sign=S1:0", proxy: true},
		{name: "p%25.txt", raw: site + "/p/local/t/p%2525.txt?sign=S1:0", fixed: site + "/p/local/t/p%252525.txt?sign=S1:0", proxy: true},
		{name: "spaces", raw: site + "/p/local/dir%20a/hello%20world.txt?sign=S1:0", proxy: true},
		{name: "#", raw: site + "/p/local/hash%23tag.txt?sign=S1:0", proxy: true},
		{name: "?", raw: site + "/p/local/what%3F.txt?sign=S1:0", proxy: true},
		{name: "&", raw: site + "/p/local/semi;colon&amp.txt?sign=S1:0", proxy: true},
		{name: "+", raw: site + "/p/local/a+b=c.txt?sign=S1:0", proxy: true},
		{name: "non-ASCII", raw: site + "/p/local/%E4%B8%AD%E6%96%87%20%F0%9F%9A%80.txt?sign=S1:0", proxy: true},
		{name: "% with space and non-ASCII", raw: site + "/p/local/dir%20a/100%25%20%E4%B8%AD.txt?sign=S1:0",
			fixed: site + "/p/local/dir%2520a/100%2525%2520%25E4%25B8%25AD.txt?sign=S1:0", proxy: true},
		{name: "unsigned (guest)", raw: site + "/p/local/pub/p%25.txt", fixed: site + "/p/local/pub/p%2525.txt", proxy: true},
		{name: "the query is kept", raw: site + "/p/local/p%25.txt?sign=a%25b:0&x=%2F", fixed: site + "/p/local/p%2525.txt?sign=a%25b:0&x=%2F", proxy: true},
		{name: "/d/ link", raw: site + "/d/local/p%25.txt?sign=S1:0", fixed: site + "/d/local/p%2525.txt?sign=S1:0", proxy: true},
		{name: "path prefix", site: "https://host/alist", raw: "https://host/alist/p/local/p%25.txt?sign=S1:0",
			fixed: "https://host/alist/p/local/p%2525.txt?sign=S1:0", proxy: true},
		{name: "escaped path prefix kept", site: "https://host/my%20files/", raw: "https://host/my%20files/p/local/p%25.txt?sign=S1:0",
			fixed: "https://host/my%20files/p/local/p%2525.txt?sign=S1:0", proxy: true},
		{name: "http link of an https site", site: "https://files.example.com", raw: "http://files.example.com/p/local/p%25.txt?sign=S1:0",
			fixed: "http://files.example.com/p/local/p%2525.txt?sign=S1:0", proxy: true},
		{name: "default port written", site: "https://Files.Example.com", raw: "https://files.example.com:443/p/local/p%25.txt?sign=S1:0",
			fixed: "https://files.example.com:443/p/local/p%2525.txt?sign=S1:0", proxy: true},
		{name: "outside the path prefix", site: "https://host/alist", raw: "https://host/p/local/p%25.txt?sign=S1:0"},
		{name: "another port", raw: "http://127.0.0.1:5245/p/local/p%25.txt?sign=S1:0"},
		{name: "S3 pre-signed", raw: "https://bucket.s3.eu-west-1.amazonaws.com/p/report%25.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
			"&X-Amz-Credential=AKIAEXAMPLE%2F20261122%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Expires=900&X-Amz-Signature=abc123"},
		{name: "same host, not a proxy route", raw: site + "/bucket/p%25.txt?X-Amz-Credential=AKIA%2F2026"},
		{name: "route is case-sensitive", raw: site + "/P/local/p%25.txt?sign=S1:0"},
		{name: "only the route", raw: site + "/p?x=%25"},
		{name: "no path", raw: site + "?p=%25"},
		{name: "empty", raw: ""},
	} {
		siteURL := tc.site
		if siteURL == "" {
			siteURL = site
		}
		for _, in := range infos {
			want := tc.raw
			if in.fixes && tc.fixed != "" {
				want = tc.fixed
			}
			got := in.info.DownloadURL(siteURL, tc.raw)
			if got != want {
				t.Errorf("%s on %s:\n got %s\nwant %s", tc.name, in.name, got, want)
			}
			if tc.proxy && in.fixes {
				once, twice := decodePath(t, tc.raw, 1), decodePath(t, got, 2)
				if once != twice {
					t.Errorf("%s on %s: the server would read %q, not %q", tc.name, in.name, twice, once)
				}
			}
		}
	}
}

// decodePath unescapes the path of a URL n times, as the server does.
func decodePath(t *testing.T, raw string, n int) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	p := u.EscapedPath()
	for range n {
		if p, err = url.PathUnescape(p); err != nil {
			return "invalid: " + err.Error()
		}
	}
	return p
}

// Get returns a raw_url that downloads on every line, asking the server's
// version only when a name has a "%", and once per session.
func TestGetRawURLDownloads(t *testing.T) {
	names := []string{"hello world.txt", "p%.txt", "p%25.txt", "100% 中文 #?&+.txt", "hash#tag.txt"}
	for _, tc := range []struct {
		name    string
		version string
		routes  []string
		twice   bool
	}{
		{"v3.38", "v3.38.0", nil, false},
		{"v3.62", "v3.62.0", []string{probeRoles}, true},
		{"OpenList", "v4.2.5 (Commit: cc87e88)", []string{probeScan}, false},
		{"dev v3.62", "dev", []string{probeRoles}, true},
		{"dev OpenList", "dev", []string{probeScan}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, tc.version, tc.routes...)
			f.doubleDecode = tc.twice
			for _, n := range names {
				f.put("/local/t/"+n, []byte("content of "+n))
			}
			ctx := context.Background()

			// No "%" in a name: no version asked.
			s := session(t, alist.Config{URL: f.URL, Username: "admin", Password: adminPass})
			o, err := s.Get(ctx, "/local/t/hello world.txt", "")
			if err != nil || o.RawURL != f.rawURL("/local/t/hello world.txt") {
				t.Fatalf("%+v %v", o, err)
			}
			if n := f.count("/api/public/settings"); n != 0 {
				t.Errorf("%d public/settings requests for a name without %%", n)
			}

			for _, n := range names {
				p := "/local/t/" + n
				o, err := s.Get(ctx, p, "")
				if err != nil {
					t.Fatalf("%q: %v", n, err)
				}
				sum, err := s.HashDownload(ctx, o.RawURL, o.Size)
				if err != nil || sum != sha256Hex("content of "+n) {
					t.Errorf("%q via %s: %v", n, o.RawURL, err)
				}
				if changed := o.RawURL != f.rawURL(p); changed != (tc.twice && strings.Contains(n, "%")) {
					t.Errorf("%q: raw_url %s (the server sent %s)", n, o.RawURL, f.rawURL(p))
				}
				// The fake is faithful: as sent, a "%" name fails where the path is decoded twice.
				_, err = s.HashDownload(ctx, f.rawURL(p), o.Size)
				if fails := err != nil; fails != (tc.twice && strings.Contains(n, "%")) {
					t.Errorf("%q as the server sent it: %v", n, err)
				}
			}
			if n := f.count("/api/public/settings"); n != 1 {
				t.Errorf("%d public/settings requests, want 1 per session", n)
			}
		})
	}
}

// If the version cannot be had, Get still succeeds, with raw_url as sent.
func TestGetKeepsRawURLWithoutInfo(t *testing.T) {
	f := newFake(t, "v3.62.0")
	f.doubleDecode = true
	f.notJSON["/api/public/settings"] = true
	f.put("/local/p%.txt", []byte("x"))
	s := session(t, alist.Config{URL: f.URL, Username: "admin", Password: adminPass})
	o, err := s.Get(context.Background(), "/local/p%.txt", "")
	if err != nil || o.RawURL != f.rawURL("/local/p%.txt") {
		t.Fatalf("%+v %v", o, err)
	}
}
