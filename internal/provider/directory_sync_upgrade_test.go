package provider

import (
	"encoding/json"
	"io"
	"testing"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// A state as version 0 wrote it (schema version 0: `files`, every
// published file's hash; the private state as deflated JSON with full
// hashes) upgrades with no change planned, with or without refresh, and
// its apply sends nothing; the state is then version 1.
func TestAccDirectorySync_stateUpgradeFromV0(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	src := t.TempDir()
	writeTree(t, src, siteV1)
	remote := e.path("site")
	cli := newCLI(t)
	cli.write("main.tf", requireAList+syncConfig(e, src, remote, ""))
	cli.mustRun("apply", "-auto-approve")
	t.Cleanup(func() { cli.run("destroy", "-auto-approve") })

	rewriteStateV0(t, cli, privateSyncKey, func(attrs map[string]any, raw []byte) []byte {
		files := map[string]any{}
		for rel, c := range siteV1 {
			files[rel] = sha256Hex([]byte(c))
		}
		attrs["files"] = files
		sp := &syncPrivate{}
		if err := sp.decode(raw); err != nil || len(sp.Managed) != len(siteV1) {
			t.Fatalf("private state: %d files, %v", len(sp.Managed), err)
		}
		for rel, c := range siteV1 {
			sp.Local[rel].SHA256, sp.Managed[rel].SHA256 = sha256Hex([]byte(c)), sha256Hex([]byte(c))
		}
		raw, err := packPrivate(sp) // version 0's form
		if err != nil {
			t.Fatal(err)
		}
		return raw
	})

	puts := 0
	if e.server != nil {
		puts = e.server.Count("/api/fs/put")
	}
	cli.expectNoChanges("-refresh=false")
	cli.expectNoChanges()
	cli.mustRun("apply", "-auto-approve")
	if e.server != nil {
		if n := e.server.Count("/api/fs/put") - puts; n != 0 {
			t.Errorf("the apply after the upgrade sent %d files, want none", n)
		}
	}
	inst := stateInstance(t, cli)
	want := map[string]string{}
	for rel, c := range siteV1 {
		want[rel] = sha256Hex([]byte(c))
	}
	if v, d := inst["schema_version"], inst["attributes"].(map[string]any)["digest"]; v != float64(1) || d != treeDigest(want) {
		t.Errorf("after the apply: schema version %v, digest %v (want 1, %s)", v, d, treeDigest(want))
	}
	cli.expectNoChanges("-refresh=false")
	if err := e.checkRemoteTree(remote, siteV1)(nil); err != nil {
		t.Fatal(err)
	}
}

// packPrivate is v as version 0 of both folder resources wrote their
// private state: JSON, deflated and base64-encoded into one JSON string.
func packPrivate(v any) ([]byte, error) {
	return packBytes(func(w io.Writer) error { return json.NewEncoder(w).Encode(v) })
}
