package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan works out the content's hash and size at plan time, so that an
// edited content or source file plans an in-place update with its new hash,
// and keeps the server-reported values when nothing is to be uploaded.
func (r *fileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planned, state, ok := planModels[fileResourceModel](ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	plan := *planned
	r.data.planPath(ctx, &plan.ID, plan.Path, state == nil, &resp.Diagnostics)
	moving := state != nil && r.data.planMove(ctx, state.Path, plan.Path, plan.Overwrite.ValueBool(), resp) // move.go
	var wo types.String
	configWriteOnly(ctx, req.Config, "content_wo", &wo, &resp.Diagnostics)
	writeOnly := !wo.IsNull()
	d, fp := r.planDigest(ctx, &plan, state, req.Private, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case writeOnly:
		// Nothing derived from a secret is planned, not even its hash or
		// length: only content_wo_version says when to upload.
		plan.ContentSHA256 = types.StringNull()
		plan.Size = types.Int64Unknown()
		if state != nil && !needsUpload(&plan, state, true) {
			plan.Size = state.Size
		}
	case d != nil:
		plan.ContentSHA256 = types.StringValue(d.sha256)
		plan.Size = types.Int64Value(d.size)
	default:
		plan.ContentSHA256 = types.StringUnknown()
		plan.Size = types.Int64Unknown()
	}

	if !needsUpload(&plan, state, writeOnly) {
		// Nothing to upload: what the server reported stays.
		plan.Modified, plan.HashInfo, plan.RawURL = state.Modified, state.HashInfo, state.RawURL
	} else {
		unknown := types.StringUnknown()
		plan.Modified, plan.RawURL = unknown, unknown
		plan.HashInfo = types.MapUnknown(types.StringType)
	}
	if moving {
		// The link names the path; the time is kept by the servers' Local
		// storage, but not promised by every driver.
		plan.Modified, plan.RawURL = types.StringUnknown(), types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	if fp != nil {
		saveFingerprint(ctx, resp.Private, fp, &resp.Diagnostics)
	}
}

// needsUpload reports whether the plan changes what the server should hold.
func needsUpload(plan, state *fileResourceModel, writeOnly bool) bool {
	switch {
	case state == nil:
		return true
	case writeOnly:
		// Nothing of a write-only content is kept to compare: upload again
		// when its version changes, when the file changed on the server
		// (content_sha256 ""), or when it was managed another way before.
		return resendWriteOnly(plan.ContentWOVer, &state.ContentWOVer) || !state.ContentSHA256.IsNull()
	}
	return !plan.ContentSHA256.Equal(state.ContentSHA256)
}

// planDigest returns the desired content's digest, or nil when it cannot be
// known before apply (an unknown value, or a new file from source, which is
// hashed while it streams). For a source it also returns the fingerprint the
// plan saw.
func (r *fileResource) planDigest(ctx context.Context, plan, state *fileResourceModel, priv privateState, diags *diag.Diagnostics) (*digest, *fingerprint) {
	switch {
	case !plan.Content.IsNull():
		if plan.Content.IsUnknown() {
			return nil, nil
		}
		d := digestBytes([]byte(plan.Content.ValueString()))
		return &d, nil
	case !plan.ContentBase64.IsNull():
		if plan.ContentBase64.IsUnknown() {
			return nil, nil
		}
		b, err := decodeBase64(plan.ContentBase64.ValueString())
		if err != nil {
			diags.AddAttributeError(tfpath.Root("content_base64"), "Invalid base64", err.Error())
			return nil, nil
		}
		d := digestBytes(b)
		return &d, nil
	case !plan.Source.IsNull():
		if plan.Source.IsUnknown() {
			return nil, nil
		}
		return planSourceDigest(ctx, plan.Source.ValueString(), state != nil, priv, diags)
	}
	return nil, nil // no content attribute: the config validator reports it
}

func planSourceDigest(ctx context.Context, source string, exists bool, priv privateState, diags *diag.Diagnostics) (*digest, *fingerprint) {
	fp, err := statSource(source)
	if err != nil {
		diags.AddAttributeError(tfpath.Root("source"), "Unusable source file", err.Error()+".")
		return nil, nil
	}
	if !exists {
		// A new file: hashed once, while it streams at apply.
		return nil, fp
	}
	if prev := loadFingerprint(ctx, priv, diags); prev.sameFile(fp) && prev.SHA256 != "" {
		return &digest{size: prev.Size, sha256: prev.SHA256}, prev
	}
	fp, err = hashSource(source)
	if err != nil {
		diags.AddAttributeError(tfpath.Root("source"), "Unusable source file", err.Error()+".")
		return nil, nil
	}
	return &digest{size: fp.Size, sha256: fp.SHA256}, fp
}
