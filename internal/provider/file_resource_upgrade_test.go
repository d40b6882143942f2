package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// fileStateV0 is an alist_file state as provider versions before the
// upgrade wrote it: content_wo_version a string.
func fileStateV0(p, version string) string {
	return fmt.Sprintf(`{"id":%[1]q,"path":%[1]q,"content":null,"content_base64":null,"source":null,"content_wo":null,`+
		`"content_wo_version":%[2]s,"content_sha256":null,"overwrite":false,"as_task":false,"size":11,`+
		`"modified":"2026-11-21T10:00:00Z","hash_info":{},"raw_url":"","timeouts":null}`, p, version)
}

// Version 0 states keep working: a numeric content_wo_version becomes that
// number, anything else null (the next apply sends content_wo once); the
// rest of the state is kept as it was.
func TestFileStateUpgradeV0(t *testing.T) {
	ctx := context.Background()
	srv, err := providerserver.NewProtocol6WithError(&alistProvider{version: "test"})()
	if err != nil {
		t.Fatal(err)
	}
	sch, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	fileSchema := sch.ResourceSchemas["alist_file"]
	if fileSchema == nil || fileSchema.Version != 1 {
		t.Fatalf("alist_file's schema version: want 1, got %+v", fileSchema)
	}
	for _, tc := range []struct {
		old  string
		want *big.Float // nil: null
	}{
		{`"7"`, big.NewFloat(7)},
		{`"0"`, big.NewFloat(0)},
		{`"2026-11-21"`, nil},
		{`"v2"`, nil},
		{`""`, nil},
		{`null`, nil},
	} {
		t.Run(tc.old, func(t *testing.T) {
			resp, err := srv.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
				TypeName: "alist_file", Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(fileStateV0("/local/a.env", tc.old))},
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range resp.Diagnostics {
				t.Errorf("diagnostic: %s: %s", d.Summary, d.Detail)
			}
			v, err := resp.UpgradedState.Unmarshal(fileSchema.ValueType())
			if err != nil {
				t.Fatal(err)
			}
			var attrs map[string]tftypes.Value
			if err := v.As(&attrs); err != nil {
				t.Fatal(err)
			}
			var got *big.Float
			if err := attrs["content_wo_version"].As(&got); err != nil {
				t.Fatal(err)
			}
			if (got == nil) != (tc.want == nil) || (got != nil && got.Cmp(tc.want) != 0) {
				t.Errorf("content_wo_version %s: got %v, want %v", tc.old, got, tc.want)
			}
			var p string
			var size *big.Float
			if err := attrs["path"].As(&p); err != nil || p != "/local/a.env" {
				t.Errorf("path: %q, %v", p, err)
			}
			if err := attrs["size"].As(&size); err != nil || size.Cmp(big.NewFloat(11)) != 0 {
				t.Errorf("size: %v, %v", size, err)
			}
		})
	}
}

// A state written by an older provider (schema version 0, the version a
// string) is upgraded by Terraform itself: a numeric version plans no
// change; a date, which has no number, is null after the upgrade, so the
// next apply sends content_wo once and records the configured number.
func TestAccFile_stateUpgradeFromV0(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	p := e.path("app.env")
	cli := newCLI(t)
	cfg := func(content string) string {
		return requireAList + e.providerConfig() +
			fmt.Sprintf("resource \"alist_file\" \"env\" {\n  path = %q\n  content_wo = %q\n  content_wo_version = 7\n}\n", p, content)
	}
	cli.write("main.tf", cfg("A=1\n"))
	cli.mustRun("apply", "-auto-approve")
	t.Cleanup(func() { cli.run("destroy", "-auto-approve") })

	asV0 := func(version string) {
		var st map[string]any
		if err := json.Unmarshal([]byte(cli.read("terraform.tfstate")), &st); err != nil {
			t.Fatal(err)
		}
		inst := st["resources"].([]any)[0].(map[string]any)["instances"].([]any)[0].(map[string]any)
		inst["schema_version"] = 0
		inst["attributes"].(map[string]any)["content_wo_version"] = version
		b, err := json.Marshal(st)
		if err != nil {
			t.Fatal(err)
		}
		cli.write("terraform.tfstate", string(b))
	}
	asV0("7")
	cli.expectNoChanges()

	asV0("2026-11-21")
	cli.write("main.tf", cfg("A=2\n"))
	if out, code := cli.run("plan", "-detailed-exitcode"); code != 2 || !strings.Contains(out, "content_wo_version") {
		t.Fatalf("after upgrading a version that is no number the plan should update content_wo_version (exit 2), got exit %d:\n%s", code, out)
	}
	cli.mustRun("apply", "-auto-approve")
	if err := e.checkRemote(p, []byte("A=2\n"))(nil); err != nil {
		t.Fatal(err)
	}
	cli.expectNoChanges()
}
