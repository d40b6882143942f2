package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ list.ListResourceWithConfigure = (*roleList)(nil)

// roleList lists what roleResource manages, by its Metadata and with its code.
type roleList struct{ roleResource }

func newRoleList() list.ListResource { return &roleList{} }

type roleListConfig struct {
	NamePrefix     types.String `tfsdk:"name_prefix"`
	IncludeBuiltin types.Bool   `tfsdk:"include_builtin"`
}

func (l *roleList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "AList v3.62's roles (roles exist from v3.46; other servers answer with an error), in id order, each by its name; " +
			"without the built-in `admin`, `guest` and `general` unless asked. With `include_resource`, each result is the role as an import reads it. Needs an admin account.",
		Attributes: map[string]listschema.Attribute{
			"name_prefix": listschema.StringAttribute{Optional: true,
				MarkdownDescription: "Only the roles whose name starts with this text."},
			"include_builtin": listschema.BoolAttribute{Optional: true,
				MarkdownDescription: "List the built-in `admin`, `guest` and `general` roles too, which every server has (they are imported, never created; `admin` cannot be changed). Default `false`."},
		},
	}
}

func (l *roleList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var c roleListConfig
	ctx, ok := startList(ctx, l.resourceBase, "alist_role", req, &c, stream)
	if !ok {
		return
	}
	var diags diag.Diagnostics
	if !l.data.requireRoles(ctx, &diags) {
		listError(stream, diags)
		return
	}
	named := hasPrefix(c.NamePrefix.ValueString(), c.NamePrefix.IsNull())
	stream.Results = listSpec[alist.Role]{
		what: "roles", id: roleIdentity,
		pages: l.data.session.RolePages(ctx, listPageSize),
		keep: func(r *alist.Role) bool {
			return named(r.Name) && (c.IncludeBuiltin.ValueBool() || !isBuiltinRole(r.Name))
		},
		name: func(r *alist.Role) string { return r.Name },
		object: func(ctx context.Context, row *alist.Role, diags *diag.Diagnostics) any {
			m := roleModel{ID: idValue(row.ID)} // what the import sets; Read fills the rest
			diags.Append(m.fill(ctx, row)...)
			return &m
		},
	}.results(ctx, req)
}
