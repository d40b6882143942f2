package provider

import (
	"strings"
	"testing"
)

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"/local/app/config.yaml": "/local/app/config.yaml",
		"/local/a b.txt":         "'/local/a b.txt'",
		"/local/it's.txt":        `'/local/it'\''s.txt'`,
		"/local/$HOME":           "'/local/$HOME'",
		"/local/ü.txt":           "'/local/ü.txt'",
		"":                       "",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestImportHint(t *testing.T) {
	got := importHint(`/local/a "b".txt`)
	for _, want := range []string{`terraform import <resource address> '/local/a "b".txt'`, `id = "/local/a \"b\".txt"`} {
		if !strings.Contains(got, want) {
			t.Errorf("importHint lacks %s:\n%s", want, got)
		}
	}
}
