package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*rolesDataSource)(nil)

type rolesDataSource struct{ dataSourceBase }

func newRolesDataSource() datasource.DataSource { return &rolesDataSource{} }

// rolesDataSourceModel holds the roles as alist_role has them: every
// attribute of that resource, none of them secret.
type rolesDataSourceModel struct {
	Roles []roleModel `tfsdk:"roles"`
}

func (d *rolesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_roles"
}

func (d *rolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every role of an AList v3.62 server (roles exist from v3.46), the built-in `admin`, `guest` and `general` included, in the server's order, " +
			"with `alist_role`'s attribute names, so that a resource block can take them. Needs an admin account; a server without roles is an error.",
		Attributes: map[string]schema.Attribute{
			"roles": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The roles.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":          dsString("Numeric id, as `alist_role`'s `id`."),
					"name":        dsString("The role's name; the import ID of `alist_role`."),
					"description": dsString("The description."),
					"default":     schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether accounts created without roles get this one."},
					"permission_scopes": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "Where the role grants what.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"path":        dsString("The folder."),
							"permissions": schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The permission names, as `alist_role` takes them."},
						}},
					},
				}},
			},
		},
	}
}

func (d *rolesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx = d.data.requestContext(ctx)
	if !d.data.requireAdmin(ctx, "data.alist_roles", &resp.Diagnostics) || !d.data.requireRoles(ctx, &resp.Diagnostics) {
		return
	}
	rows, err := d.data.session.Roles(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot list the roles", err)
		return
	}
	m := rolesDataSourceModel{Roles: make([]roleModel, len(rows))}
	for i := range rows {
		resp.Diagnostics.Append(m.Roles[i].fill(ctx, &rows[i])...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
