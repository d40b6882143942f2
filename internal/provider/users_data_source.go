package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ datasource.DataSourceWithConfigure = (*usersDataSource)(nil)

type usersDataSource struct{ dataSourceBase }

func newUsersDataSource() datasource.DataSource { return &usersDataSource{} }

type usersDataSourceModel struct {
	Users []listedUserModel `tfsdk:"users"`
}

// listedUserModel is one account: never a password (the server has only
// its hash, and does not give that either).
type listedUserModel struct {
	ID          types.String `tfsdk:"id"`
	Username    types.String `tfsdk:"username"`
	BasePath    types.String `tfsdk:"base_path"`
	Disabled    types.Bool   `tfsdk:"disabled"`
	Role        types.String `tfsdk:"role"`
	Roles       types.List   `tfsdk:"roles"`
	Permissions types.List   `tfsdk:"permissions"`
}

func (d *usersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_users"
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	list := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every account of the server, admin and guest included, in id order; never a password. Needs an admin account.",
		Attributes: map[string]schema.Attribute{
			"users": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The accounts.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":          dsString("Numeric id, as `alist_user`'s `id`."),
					"username":    dsString("Login name; the import ID of `alist_user`."),
					"base_path":   dsString("The folder the account sees as its root."),
					"disabled":    schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether logins are refused."},
					"role":        dsString("`admin`, `guest` or `general`."),
					"roles":       list("AList v3.62: the role names (empty elsewhere)."),
					"permissions": list("AList v3.38 and OpenList: the permission names, as `alist_user` takes them (empty on v3.62, where roles decide)."),
				}},
			},
		},
	}
}

func (d *usersDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx = d.data.requestContext(ctx)
	if !d.data.requireAdmin(ctx, "data.alist_users", &resp.Diagnostics) {
		return
	}
	dl := d.data.dialect(ctx, true, &resp.Diagnostics)
	if dl == nil {
		return
	}
	rows, err := d.data.session.Users(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot list the accounts", err)
		return
	}
	var m usersDataSourceModel
	resp.Diagnostics.Append(m.fill(ctx, rows, dl)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (m *usersDataSourceModel) fill(ctx context.Context, rows []alist.User, dl *dialect) diag.Diagnostics {
	var diags diag.Diagnostics
	adminID, guestID := dl.builtinRoleIDs()
	m.Users = make([]listedUserModel, len(rows))
	for i, u := range rows {
		var roles, perms []string
		if dl.hasRoles() {
			for _, id := range u.RoleIDs() {
				roles = append(roles, dl.roleName(id))
			}
		} else {
			perms = permissionNames(permissionTable(dl.info), u.Permission)
		}
		rv, d1 := types.ListValueFrom(ctx, types.StringType, orEmpty(roles))
		pv, d2 := types.ListValueFrom(ctx, types.StringType, orEmpty(perms))
		diags.Append(d1...)
		diags.Append(d2...)
		m.Users[i] = listedUserModel{
			ID: idValue(u.ID), Username: types.StringValue(u.Username),
			BasePath: types.StringValue(u.BasePath), Disabled: types.BoolValue(u.Disabled),
			Role: types.StringValue(roleName(u.RoleKind(adminID, guestID))), Roles: rv, Permissions: pv,
		}
	}
	return diags
}
