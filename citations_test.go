package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The repository stands alone: a comment, script, test fixture or page
// states the fact it relies on, or names a file of this repository
// (docs/development/ for the longer notes), never a document that is not
// here. These are the ways such citations have been written.
var outsideCitation = regexp.MustCompile(strings.Join([]string{
	`\b(ADMIN|TASKS)\.md\b`,              // reference documents kept elsewhere
	`\bAPI\s+facts\b`,                    // what they were called in prose
	`\bREADME\s+(section|§)`,             // a numbered section of a README
	`§\s*\d`,                             // a section sign and its number
	`\bApp(\.|endix)\s+[A-C]\b`,          // their appendices
	`shared/alist[-]api`,                 // the folder they live in
	"(^|[\\s\"'(=`])/work/[a-z]",         // an absolute path on the machine that wrote it
	`\b(A38|A62|O425)\b\s+[a-z]+/[a-z_]`, // their short names for server source trees
}, "|"))

func TestNoCitationOutsideRepository(t *testing.T) {
	var hits []string
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			// Build and run output (bin, dist, .demo, .bench) and git's own.
			if p != "." && (name == "bin" || name == "dist" || strings.HasPrefix(name, ".") && name != ".ci" && name != ".github") {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || name == ".git" || p == "citations_test.go" { // this file quotes them
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.IndexByte(data, 0) >= 0 {
			return nil // a binary (the built provider)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if m := outsideCitation.FindString(line); m != "" {
				hits = append(hits, p+":"+strconv.Itoa(i+1)+": "+strings.TrimSpace(m))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) > 0 {
		t.Errorf("citations of documents that are not in this repository: state the fact instead "+
			"(or write a note in docs/development/ and name it by its path):\n  %s", strings.Join(hits, "\n  "))
	}
}

// The pattern catches each way a citation was written, and leaves alone
// what only looks like one.
func TestOutsideCitationPattern(t *testing.T) {
	for _, s := range []string{
		// Split so that a grep of the tree for these citations does not find this test.
		"(ADMIN" + ".md section 2.5)", "see TASKS" + ".md", "README section 4 of the API facts", "(README §3)",
		"ADMIN" + ".md §2.4 does not say so", "(App. B 11)", "Appendix C 1", "copied from shared/alist" + "-api/transcripts",
		"# Started by /work/x/start-server.sh", "(A62 internal/db/role.go:45-67)",
	} {
		if !outsideCitation.MatchString(s) {
			t.Errorf("not caught: %q", s)
		}
	}
	for _, s := range []string{
		`cp -r examples/quickstart/. "$demo/work/"`, "see README.md", "the README's Layout section",
		"AList v3.62 internal/db/role.go:45-67", "Application", "internal/alisttest/testdata/README.md",
	} {
		if outsideCitation.MatchString(s) {
			t.Errorf("caught by mistake: %q", s)
		}
	}
}
