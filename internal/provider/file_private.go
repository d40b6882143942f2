package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// What alist_file keeps in its private state: the fingerprint of the source
// file last uploaded (so that a plan need not read an unchanged file), and
// whether the last upload came from the write-only content.

const privateSourceKey = "source_fingerprint"

// privateState is what both the plan's and the state's private data offer.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func loadFingerprint(ctx context.Context, p privateState, diags *diag.Diagnostics) *fingerprint {
	if p == nil {
		return nil
	}
	raw, d := p.GetKey(ctx, privateSourceKey)
	diags.Append(d...)
	if len(raw) == 0 {
		return nil
	}
	var fp fingerprint
	if json.Unmarshal(raw, &fp) != nil {
		return nil // unreadable: treat as unknown, the file gets hashed again
	}
	return &fp
}

func saveFingerprint(ctx context.Context, p privateSetter, fp *fingerprint, diags *diag.Diagnostics) {
	var raw []byte
	if fp != nil {
		raw, _ = json.Marshal(fp)
	}
	diags.Append(p.SetKey(ctx, privateSourceKey, raw)...)
}

// uploaded is an upload the server holds; fp is the source's new fingerprint.
type uploaded struct {
	fp        *fingerprint
	writeOnly bool
}

func (u *uploaded) savePrivate(ctx context.Context, p privateSetter, diags *diag.Diagnostics) {
	saveFingerprint(ctx, p, u.fp, diags)
	// content_wo's null content_sha256 means "not kept", not "just imported".
	markWriteOnly(ctx, p, u.writeOnly, diags)
}
