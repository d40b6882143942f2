package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Schema pieces shared by the resources and data sources.

// remotePath is the required `path` attribute of a resource: an absolute
// remote path. Whether its change moves the object in place or replaces the
// resource depends on the storages (planMove, from the resource's
// ModifyPlan: an attribute plan modifier cannot reach the server).
func remotePath(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		Required: true, MarkdownDescription: desc,
		Validators: []validator.String{remotePathValidator{}},
	}
}

// computedString is a resource attribute the server reports, refreshed on every read.
func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
}

// stable is a computed resource attribute that keeps its value in plans (it
// does not change while the resource exists).
func stable(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: desc, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

// dsString is a computed data source attribute.
func dsString(desc string) dsschema.StringAttribute {
	return dsschema.StringAttribute{Computed: true, MarkdownDescription: desc}
}

// timeoutsBlock is the timeouts block of a resource that uploads or
// copies; work is what its create and update do, and more says what else
// the limits cover, if anything.
func timeoutsBlock(ctx context.Context, work, more string) schema.Block {
	b := timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Read: true, Delete: true})
	if nb, ok := b.(schema.SingleNestedBlock); ok {
		nb.MarkdownDescription = "Time limits of the operations: `create` and `update` (" + work + ") default to `30m`, " +
			"`read` and `delete` to `5m`. Raise them for large files on slow links; the provider's `request_timeout` does not apply to uploads." + more
		return nb
	}
	return b
}

// writeOnlyNote says which CLI versions take a write-only attribute: older
// ones refuse any configuration that sets it ("only supported in Terraform
// 1.11 and later", OpenTofu 1.10 included).
func writeOnlyNote(attr, instead string) string {
	note := "`" + attr + "` is write-only: it needs Terraform >= 1.11 or OpenTofu >= 1.11; older versions refuse a configuration that sets it"
	if instead == "" {
		return note + "."
	}
	return note + ", use `" + instead + "` there."
}

// leftOutLink points an attribute's description to the one place that
// says what leaving an attribute out means (the provider page).
const leftOutLink = "see [attributes left out](../index.md#attributes-left-out-of-a-configuration)"
