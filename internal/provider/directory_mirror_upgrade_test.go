package provider

import (
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// A mirror's state as version 0 wrote it (schema version 0: `files`, each
// copied file's source fingerprint; the private state as deflated JSON)
// upgrades with no change planned, with or without refresh, and its apply
// copies nothing; the state is then version 1, its digest the source's.
func TestAccDirectoryMirror_stateUpgradeFromV0(t *testing.T) {
	e, src, dst := mirrorEnv(t, alisttest.Options{}, true)
	files := map[string]string{"a.txt": "alpha", "sub/b.txt": "bravo", "sub/deep/c.txt": "charlie"}
	e.seedUnder(src, files)
	cli := newCLI(t)
	cli.write("main.tf", requireAList+mirrorConfig(e, src, dst, ""))
	cli.mustRun("apply", "-auto-approve")
	t.Cleanup(func() { cli.run("destroy", "-auto-approve") })

	var digest any
	rewriteStateV0(t, cli, privateMirrorKey, func(attrs map[string]any, raw []byte) []byte {
		digest = attrs["digest"]
		mp := &mirrorPrivate{}
		if err := mp.decode(raw); err != nil || len(mp.Copied) != len(files) {
			t.Fatalf("private state: %d files, %v", len(mp.Copied), err)
		}
		old := map[string]any{}
		for rel, rec := range mp.Copied {
			old[rel] = rec.Src.fingerprint()
		}
		attrs["files"] = old
		raw, err := packPrivate(mp) // version 0's form
		if err != nil {
			t.Fatal(err)
		}
		return raw
	})

	copies := 0
	if e.server != nil {
		copies = e.server.Count("/api/fs/copy")
	}
	cli.expectNoChanges("-refresh=false")
	cli.expectNoChanges()
	cli.mustRun("apply", "-auto-approve")
	if e.server != nil {
		if n := e.server.Count("/api/fs/copy") - copies; n != 0 {
			t.Errorf("the apply after the upgrade made %d fs/copy calls, want none", n)
		}
	}
	inst := stateInstance(t, cli)
	if v, d := inst["schema_version"], inst["attributes"].(map[string]any)["digest"]; v != float64(1) || d != digest {
		t.Errorf("after the apply: schema version %v, digest %v (want 1, %v)", v, d, digest)
	}
	if _, ok := inst["attributes"].(map[string]any)["files"]; ok {
		t.Error("`files` is still in the state")
	}
	cli.expectNoChanges("-refresh=false")
	if err := e.checkRemoteTree(dst, files)(nil); err != nil {
		t.Fatal(err)
	}
}

// stateInstance is the one resource instance of the state cli holds.
func stateInstance(t *testing.T, cli *tfCLI) map[string]any {
	t.Helper()
	var st map[string]any
	if err := json.Unmarshal([]byte(cli.read("terraform.tfstate")), &st); err != nil {
		t.Fatal(err)
	}
	return st["resources"].([]any)[0].(map[string]any)["instances"].([]any)[0].(map[string]any)
}

// rewriteStateV0 rewrites the one resource instance of the state cli
// holds into a folder resource's schema version 0: without `changes` and
// `digest`, with what rewrite sets in attrs (`files`) and the private
// value under key that it returns, given the current one.
func rewriteStateV0(t *testing.T, cli *tfCLI, key string, rewrite func(attrs map[string]any, private []byte) []byte) {
	t.Helper()
	var st map[string]any
	if err := json.Unmarshal([]byte(cli.read("terraform.tfstate")), &st); err != nil {
		t.Fatal(err)
	}
	inst := st["resources"].([]any)[0].(map[string]any)["instances"].([]any)[0].(map[string]any)
	inst["schema_version"] = 0
	attrs := inst["attributes"].(map[string]any)
	// The private state: the framework's JSON object of keys, whose values
	// encoding/json writes as base64, itself base64 in the state file.
	outer, err := base64.StdEncoding.DecodeString(inst["private"].(string))
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string][]byte
	if err := json.Unmarshal(outer, &keys); err != nil {
		t.Fatal(err)
	}
	keys[key] = rewrite(attrs, keys[key])
	delete(attrs, "changes")
	delete(attrs, "digest")
	if outer, err = json.Marshal(keys); err != nil {
		t.Fatal(err)
	}
	inst["private"] = base64.StdEncoding.EncodeToString(outer)
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	cli.write("terraform.tfstate", string(b))
}
