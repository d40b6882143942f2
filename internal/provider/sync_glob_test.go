package provider

import (
	"strings"
	"testing"
)

func TestGlobMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		yes, no []string
	}{
		{"**/.DS_Store", []string{".DS_Store", "a/.DS_Store", "a/b/c/.DS_Store"}, []string{"a/.DS_Store.bak", "DS_Store"}},
		{"drafts/**", []string{"drafts/x.md", "drafts/a/b.md"}, []string{"x/drafts/y.md", "draftsy/x.md"}},
		{"*.html", []string{"index.html"}, []string{"a/index.html", "index.htm"}},
		{"**/*.html", []string{"index.html", "a/b/index.html"}, []string{"index.css"}},
		{"a/**/z.txt", []string{"a/z.txt", "a/b/z.txt", "a/b/c/z.txt"}, []string{"z.txt", "b/a/z.txt"}},
		{"img/?.png", []string{"img/a.png"}, []string{"img/ab.png"}},
		{"[ab]*/x", []string{"a1/x", "b/x"}, []string{"c/x"}},
		{"50%off.md", []string{"50%off.md"}, []string{"50off.md"}},
	} {
		g, err := parseGlob(tc.pattern)
		if err != nil {
			t.Fatalf("%q: %v", tc.pattern, err)
		}
		for _, rel := range tc.yes {
			if !g.match(rel) {
				t.Errorf("%q should match %q", tc.pattern, rel)
			}
		}
		for _, rel := range tc.no {
			if g.match(rel) {
				t.Errorf("%q should not match %q", tc.pattern, rel)
			}
		}
	}
}

func TestParseGlobRefuses(t *testing.T) {
	for pattern, want := range map[string]string{
		"":          "empty pattern",
		"/drafts/*": "relative to source_dir",
		`a\b`:       "backslash",
		"a**/b":     "whole path segment",
		"[a-":       "syntax error",
	} {
		if _, err := parseGlob(pattern); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseGlob(%q) = %v, want an error about %s", pattern, err, want)
		}
	}
}

func TestFileFilter(t *testing.T) {
	mustGlobs := func(ps ...string) []globPattern {
		var out []globPattern
		for _, p := range ps {
			g, err := parseGlob(p)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, g)
		}
		return out
	}
	f := fileFilter{include: mustGlobs("**/*.html", "**/*.css"), exclude: mustGlobs("drafts/**", "**/tmp.html")}
	for rel, want := range map[string]bool{
		"index.html": true, "css/a.css": true, "a.js": false, "drafts/x.html": false, "a/tmp.html": false,
	} {
		if got := f.wants(rel); got != want {
			t.Errorf("wants(%q) = %v, want %v", rel, got, want)
		}
	}
	if !f.prunes("drafts") || f.prunes("docs") {
		t.Error("drafts/** prunes the drafts folder, and only it")
	}
	if !(fileFilter{}).wants(".hidden/x") {
		t.Error("no patterns: every file, dot files included")
	}
}
