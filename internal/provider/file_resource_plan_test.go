package provider

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// fakePrivate is a private state held in a map.
type fakePrivate map[string][]byte

func (p fakePrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p[key], nil
}

func (p fakePrivate) SetKey(_ context.Context, key string, v []byte) diag.Diagnostics {
	p[key] = v
	return nil
}

func TestNeedsUpload(t *testing.T) {
	h1, h2 := types.StringValue("aaa"), types.StringValue("bbb")
	ver := func(v int64) types.Int64 { return types.Int64Value(v) }
	for _, tc := range []struct {
		name        string
		plan, state *fileResourceModel
		writeOnly   bool
		want        bool
	}{
		{"a new file", &fileResourceModel{ContentSHA256: h1}, nil, false, true},
		{"same hash", &fileResourceModel{ContentSHA256: h1}, &fileResourceModel{ContentSHA256: h1}, false, false},
		{"edited content", &fileResourceModel{ContentSHA256: h2}, &fileResourceModel{ContentSHA256: h1}, false, true},
		{"drifted on the server", &fileResourceModel{ContentSHA256: h1}, &fileResourceModel{ContentSHA256: types.StringValue("")}, false, true},
		{"hash unknown until apply", &fileResourceModel{ContentSHA256: types.StringUnknown()}, &fileResourceModel{ContentSHA256: h1}, false, true},
		{"write-only, same version", &fileResourceModel{ContentWOVer: ver(1)}, &fileResourceModel{ContentWOVer: ver(1), ContentSHA256: types.StringNull()}, true, false},
		{"write-only, new version", &fileResourceModel{ContentWOVer: ver(2)}, &fileResourceModel{ContentWOVer: ver(1), ContentSHA256: types.StringNull()}, true, true},
		{"write-only, drifted", &fileResourceModel{ContentWOVer: ver(1)}, &fileResourceModel{ContentWOVer: ver(1), ContentSHA256: types.StringValue("")}, true, true},
		{"write-only, version lost by the state upgrade", &fileResourceModel{ContentWOVer: ver(1)}, &fileResourceModel{ContentWOVer: types.Int64Null(), ContentSHA256: types.StringNull()}, true, true},
		{"write-only after content", &fileResourceModel{ContentWOVer: ver(1)}, &fileResourceModel{ContentWOVer: ver(1), ContentSHA256: h1}, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := needsUpload(tc.plan, tc.state, tc.writeOnly); got != tc.want {
				t.Errorf("needsUpload = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPlanDigest(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.txt")
	writeLocal(t, src, []byte("source v1"))
	fp, err := hashSource(src)
	if err != nil {
		t.Fatal(err)
	}
	known := func(b []byte) *digest { d := digestBytes(b); return &d }
	remembered := fakePrivate{}
	saveFingerprint(ctx, remembered, fp, new(diag.Diagnostics))
	// A fingerprint that matches the file but carries another hash: proof
	// that an unchanged file is not read again.
	stale := *fp
	stale.SHA256 = sha256Hex([]byte("what the plan remembered"))
	staleRaw, _ := json.Marshal(stale)
	for _, tc := range []struct {
		name    string
		plan    fileResourceModel
		exists  bool
		priv    fakePrivate
		want    *digest
		wantErr string
	}{
		{name: "content", plan: fileResourceModel{Content: types.StringValue("hello")}, want: known([]byte("hello"))},
		{name: "content unknown", plan: fileResourceModel{Content: types.StringUnknown()}},
		{name: "base64", plan: fileResourceModel{ContentBase64: types.StringValue("aGVsbG8=")}, want: known([]byte("hello"))},
		{name: "bad base64", plan: fileResourceModel{ContentBase64: types.StringValue("!!")}, wantErr: "Invalid base64"},
		{name: "new source: hashed while it streams", plan: fileResourceModel{Source: types.StringValue(src)}},
		{name: "existing source, no fingerprint: read", plan: fileResourceModel{Source: types.StringValue(src)}, exists: true, priv: fakePrivate{}, want: known([]byte("source v1"))},
		{name: "existing source, same fingerprint: not read", plan: fileResourceModel{Source: types.StringValue(src)}, exists: true,
			priv: fakePrivate{privateSourceKey: staleRaw}, want: &digest{size: fp.Size, sha256: stale.SHA256}},
		{name: "existing source, remembered", plan: fileResourceModel{Source: types.StringValue(src)}, exists: true, priv: remembered, want: known([]byte("source v1"))},
		{name: "source missing", plan: fileResourceModel{Source: types.StringValue(filepath.Join(dir, "nope"))}, wantErr: "Unusable source file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var state *fileResourceModel
			if tc.exists {
				state = &fileResourceModel{}
			}
			var diags diag.Diagnostics
			got, _ := (&fileResource{}).planDigest(ctx, &tc.plan, state, tc.priv, &diags)
			switch {
			case tc.wantErr != "":
				if !diags.HasError() || diags.Errors()[0].Summary() != tc.wantErr {
					t.Fatalf("diagnostics %v, want %q", diags, tc.wantErr)
				}
			case diags.HasError():
				t.Fatalf("unexpected diagnostics %v", diags)
			case (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want:
				t.Errorf("digest %+v, want %+v", got, tc.want)
			}
		})
	}
}
