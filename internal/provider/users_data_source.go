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
	SSOID       types.String `tfsdk:"sso_id"`
	AllowLDAP   types.Bool   `tfsdk:"allow_ldap"`
}

func (d *usersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_users"
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	list := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every account of the server, admin and guest included, in id order, with `alist_user`'s attribute names, so that a resource block " +
			"can take them (`base_path = each.value.base_path`); never a password. Needs an admin account.",
		Attributes: map[string]schema.Attribute{
			"users": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The accounts.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":          dsString("Numeric id, as `alist_user`'s `id`."),
					"username":    dsString("Login name; the import ID of `alist_user`."),
					"base_path":   dsString("The folder the account sees as its root."),
					"disabled":    schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether logins are refused."},
					"role":        dsString("`admin`, `guest` or `general`."),
					"roles":       list("AList v3.62: the role names (null elsewhere, as `alist_user` takes it)."),
					"permissions": list("AList v3.38 and OpenList: the permission names, as `alist_user` takes them (null on v3.62, where roles decide)."),
					"sso_id":      dsString("The single-sign-on identity bound to the account."),
					"allow_ldap":  schema.BoolAttribute{Computed: true, MarkdownDescription: "OpenList: whether the account may log in through LDAP (null elsewhere)."},
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
	for i := range rows {
		// alist_user's own reading, so that the two agree.
		var r userModel
		diags.Append(r.fill(ctx, &rows[i], dl, nil)...)
		m.Users[i] = listedUserModel{
			ID: r.ID, Username: r.Username, BasePath: r.BasePath, Disabled: r.Disabled,
			Role:  types.StringValue(roleName(rows[i].RoleKind(adminID, guestID))),
			Roles: listOf(ctx, r.Roles, &diags), Permissions: listOf(ctx, r.Permissions, &diags), SSOID: r.SSOID, AllowLDAP: r.AllowLDAP,
		}
	}
	return diags
}

// listOf is a set of strings as a list (null stays null).
func listOf(ctx context.Context, set types.Set, diags *diag.Diagnostics) types.List {
	if set.IsNull() {
		return types.ListNull(types.StringType)
	}
	v, d := types.ListValueFrom(ctx, types.StringType, knownStrings(ctx, set, diags))
	diags.Append(d...)
	return v
}
