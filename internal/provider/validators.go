package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// remotePathValidator refuses, at plan time, a remote path the server would
// refuse or that would give one file two ids in state.
type remotePathValidator struct{}

func (remotePathValidator) Description(context.Context) string {
	return "an absolute path without empty, \".\" or \"..\" segments, trailing slash or control characters"
}

func (v remotePathValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (remotePathValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := alist.ValidatePath(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid remote path", err.Error()+".")
	}
}

// base64Validator refuses content_base64 that does not decode.
type base64Validator struct{}

func (base64Validator) Description(context.Context) string { return "standard base64" }

func (v base64Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (base64Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := decodeBase64(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid base64", err.Error()+".")
	}
}
