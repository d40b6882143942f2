package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ datasource.DataSourceWithConfigure = (*meDataSource)(nil)

type meDataSource struct{ dataSourceBase }

func newMeDataSource() datasource.DataSource { return &meDataSource{} }

type meDataSourceModel struct {
	ID             types.String `tfsdk:"id"`
	Username       types.String `tfsdk:"username"`
	BasePath       types.String `tfsdk:"base_path"`
	Role           types.String `tfsdk:"role"`
	Disabled       types.Bool   `tfsdk:"disabled"`
	PermissionBits types.Int64  `tfsdk:"permission_bits"`
	Permissions    types.List   `tfsdk:"permissions"`
	OTPEnabled     types.Bool   `tfsdk:"otp_enabled"`
}

func (d *meDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_me"
}

func (d *meDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The account the provider is logged in as (`/api/me`), normalised across AList v3.38, v3.62 and OpenList.",
		Attributes: map[string]schema.Attribute{
			"id":              dsString("The account's numeric id, as a string, like `alist_user`'s `id`."),
			"username":        dsString("The user name."),
			"base_path":       dsString("The user's base path: every path the user sends is relative to it on the server."),
			"role":            dsString("`admin`, `general` or `guest` (v3.38 reports a number, v3.62 a list; both are reduced to the highest role)."),
			"disabled":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the account is disabled."},
			"permission_bits": schema.Int64Attribute{Computed: true, MarkdownDescription: "The permission bitmask as the server reports it; `permissions` names its bits."},
			"permissions": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The permission bits by name, as `alist_user`'s `permissions` takes them: `see_hidden`, `access_without_password`, `offline_download`, " +
					"`write` (make folders and upload), `rename`, `move`, `copy`, `remove`, `webdav_read`, `webdav_manage`, and the later ones of the server's version " +
					"(`ftp_read`, `ftp_manage`, `read_archives`, `decompress`, then `path_limit`, `mcp_read`, `mcp_write` on AList v3.62 or `share`, `custom_share_id` on OpenList); " +
					"a bit without a name as `bit_N`."},
			"otp_enabled": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether two-factor authentication is on, as `alist_user`'s `otp_enabled`."},
		},
	}
}

func (d *meDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx = d.data.requestContext(ctx)
	me, err := d.data.session.Me(ctx)
	var info alist.ServerInfo
	if err == nil {
		info, err = d.data.session.Info(ctx) // the permission names are the version's
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, path.Empty(), "Cannot read the current account", err)
		return
	}
	var m meDataSourceModel
	resp.Diagnostics.Append(m.fill(ctx, me, info)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// fill copies the account into the model.
func (m *meDataSourceModel) fill(ctx context.Context, me *alist.Me, info alist.ServerInfo) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID, m.Username, m.BasePath = types.StringValue(strconv.FormatInt(me.ID, 10)), types.StringValue(me.Username), types.StringValue(me.BasePath)
	m.Role, m.Disabled, m.PermissionBits = types.StringValue(roleName(me.Role)), types.BoolValue(me.Disabled), types.Int64Value(int64(me.Permission))
	m.OTPEnabled = types.BoolValue(me.OTP)
	m.Permissions, diags = types.ListValueFrom(ctx, types.StringType, permissionNames(permissionTable(info), me.Permission))
	return diags
}
