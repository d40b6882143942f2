package provider

import (
	"context"
	"fmt"
	"path"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// globPattern is an include or exclude pattern of alist_directory_sync,
// matched against slash-separated paths relative to source_dir: each
// segment as in path.Match (`*`, `?`, `[…]`), and a `**` segment matching
// any number of folders, none included. So `**/.DS_Store` is that name in
// every folder, `drafts/**` everything below drafts, `*.html` the HTML
// files at the top only.
type globPattern struct {
	raw      string
	segments []string
}

func parseGlob(p string) (globPattern, error) {
	switch {
	case p == "":
		return globPattern{}, fmt.Errorf("an empty pattern matches nothing: remove it")
	case strings.HasPrefix(p, "/"):
		return globPattern{}, fmt.Errorf("%q starts with \"/\": patterns are relative to source_dir, e.g. %q", p, strings.TrimLeft(p, "/"))
	case strings.Contains(p, `\`):
		return globPattern{}, fmt.Errorf("%q contains a backslash: separate folders with \"/\"", p)
	}
	g := globPattern{raw: p, segments: strings.Split(strings.TrimSuffix(p, "/"), "/")}
	for _, s := range g.segments {
		if s == "**" {
			continue
		}
		if strings.Contains(s, "**") {
			return globPattern{}, fmt.Errorf("%q: `**` must be a whole path segment, as in \"**/x\" or \"x/**\"", p)
		}
		if _, err := path.Match(s, ""); err != nil {
			return globPattern{}, fmt.Errorf("%q: %v", p, err)
		}
	}
	return g, nil
}

// match reports whether rel (slash-separated, relative) matches.
func (g globPattern) match(rel string) bool {
	return matchSegments(g.segments, strings.Split(rel, "/"))
}

func matchSegments(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			// Zero or more folders: try every split, shortest first.
			for i := 0; i <= len(name); i++ {
				if matchSegments(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// fileFilter is include and exclude together: a file is published when it
// matches an include pattern (or there are none) and no exclude pattern.
type fileFilter struct {
	include, exclude []globPattern
}

func (f fileFilter) wants(rel string) bool {
	for _, g := range f.exclude {
		if g.match(rel) {
			return false
		}
	}
	if len(f.include) == 0 {
		return true
	}
	for _, g := range f.include {
		if g.match(rel) {
			return true
		}
	}
	return false
}

// prunes reports whether no file below the folder dir can be wanted, so
// that the walk need not enter it: an exclude pattern ending in `/**`
// that matches the folder.
func (f fileFilter) prunes(dir string) bool {
	for _, g := range f.exclude {
		if n := len(g.segments); n > 1 && g.segments[n-1] == "**" && matchSegments(g.segments[:n-1], strings.Split(dir, "/")) {
			return true
		}
	}
	return false
}

// newFileFilter parses include and exclude lists (validated already).
func newFileFilter(ctx context.Context, include, exclude types.List, diags *diag.Diagnostics) fileFilter {
	var f fileFilter
	for _, l := range []struct {
		list types.List
		into *[]globPattern
	}{{include, &f.include}, {exclude, &f.exclude}} {
		var raw []string
		diags.Append(l.list.ElementsAs(ctx, &raw, false)...)
		for _, p := range raw {
			if g, err := parseGlob(p); err == nil {
				*l.into = append(*l.into, g)
			}
		}
	}
	return f
}
