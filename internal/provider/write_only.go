package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The one rule of the write-only attributes (alist_user.password_wo,
// alist_file.content_wo, alist_storage.sensitive_addition_wo,
// alist_meta.password_wo, alist_setting.value_wo): the value is read from
// the configuration at plan and apply only, sent on create and when its
// `_wo_version` changes, and never planned, stored or read back. Terraform
// cannot compare it: a resource says in its description what drift it can
// still see.

// writeOnlyString is a write-only secret string attribute.
func writeOnlyString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, WriteOnly: true, Sensitive: true, MarkdownDescription: desc}
}

// writeOnlyVersion is the version of the write-only attribute wo: any
// number, whose change sends wo again. It means nothing without wo.
func writeOnlyVersion(wo, desc string) schema.Int64Attribute {
	return schema.Int64Attribute{Optional: true, MarkdownDescription: desc,
		Validators: []validator.Int64{int64validator.AlsoRequires(tfpath.MatchRoot(wo))}}
}

// writeOnlyTradeOff is what each page says of a secret kept in a plain
// sensitive attribute (held) against its write-only form (wo).
func writeOnlyTradeOff(held, wo string) string {
	return "`" + held + "` is kept in the state (sensitive: hidden in plans, readable by whoever reads the state); `" + wo +
		"` never is, and is sent again when `" + wo + "_version` changes (its description says what drift the provider can still see). " + writeOnlyNote(wo, held)
}

// configWriteOnly reads the write-only attribute name from the
// configuration (plan and state always hold null) into target.
func configWriteOnly(ctx context.Context, config tfsdk.Config, name string, target any, diags *diag.Diagnostics) {
	diags.Append(config.GetAttribute(ctx, tfpath.Root(name), target)...)
}

// resendWriteOnly tells whether an update sends a write-only value again:
// when its version changed (state nil: a create, always).
func resendWriteOnly(plan types.Int64, state *types.Int64) bool {
	return state == nil || !plan.Equal(*state)
}

// privateWriteOnlyKey marks, in a resource's private state, that the last
// create or update sent a write-only value: a null attribute then means
// "not kept" rather than "never set" or "just imported".
const privateWriteOnlyKey = "write_only"

// isWriteOnly reports the mark.
func isWriteOnly(ctx context.Context, p privateState, diags *diag.Diagnostics) bool {
	raw, d := p.GetKey(ctx, privateWriteOnlyKey)
	diags.Append(d...)
	return string(raw) == "true"
}

// markWriteOnly sets or clears the mark.
func markWriteOnly(ctx context.Context, p privateSetter, on bool, diags *diag.Diagnostics) {
	var raw []byte
	if on {
		raw = []byte("true")
	}
	diags.Append(p.SetKey(ctx, privateWriteOnlyKey, raw)...)
}
