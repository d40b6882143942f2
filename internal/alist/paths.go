package alist

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"
	"unicode"
)

// ValidatePath checks a remote path the way the provider wants them: absolute,
// canonical (no ".", ".." or empty segment, no trailing slash), no control
// characters, and not the root itself. AList refuses relative segments anyway;
// refusing the others keeps one object from having two ids in state.
func ValidatePath(p string) error {
	switch {
	case p == "":
		return errors.New("the path is empty")
	case !strings.HasPrefix(p, "/"):
		return fmt.Errorf("the path %q is relative: it must start with \"/\", the root of the AList site (for example \"/local/app/config.yaml\")", p)
	case p == "/":
		return errors.New("the path is the site root \"/\": name a file or folder below a storage, for example \"/local/app\"")
	case strings.HasSuffix(p, "/"):
		return fmt.Errorf("the path %q ends with \"/\": remove the trailing slash", p)
	}
	for _, r := range p {
		if unicode.IsControl(r) {
			return fmt.Errorf("the path %q contains a control character (%U): remove it", p, r)
		}
	}
	for _, seg := range strings.Split(p[1:], "/") {
		switch seg {
		case "":
			return fmt.Errorf("the path %q has an empty segment (\"//\"): use a single slash between names", p)
		case ".", "..":
			return fmt.Errorf("the path %q has a %q segment: write the path without relative segments (AList refuses them)", p, seg)
		}
	}
	return nil
}

// EscapePath escapes each segment of p for the File-Path header; the server
// unescapes the whole header with url.PathUnescape.
func EscapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// SplitPath returns the parent folder and the base name of a cleaned path.
func SplitPath(p string) (dir, name string) {
	return path.Dir(p), path.Base(p)
}
