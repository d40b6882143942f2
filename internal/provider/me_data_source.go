package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ datasource.DataSourceWithConfigure = (*meDataSource)(nil)

type meDataSource struct{ data *providerData }

func newMeDataSource() datasource.DataSource { return &meDataSource{} }

type meDataSourceModel struct {
	ID              types.Int64  `tfsdk:"id"`
	Username        types.String `tfsdk:"username"`
	BasePath        types.String `tfsdk:"base_path"`
	Role            types.String `tfsdk:"role"`
	Disabled        types.Bool   `tfsdk:"disabled"`
	Permission      types.Int64  `tfsdk:"permission"`
	PermissionNames types.List   `tfsdk:"permission_names"`
	OTP             types.Bool   `tfsdk:"otp"`
}

func (d *meDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_me"
}

func (d *meDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The account the provider is logged in as (`/api/me`), normalised across AList v3.38, v3.62 and OpenList.",
		Attributes: map[string]schema.Attribute{
			"id":         schema.Int64Attribute{Computed: true, MarkdownDescription: "The user's numeric id."},
			"username":   dsString("The user name."),
			"base_path":  dsString("The user's base path: every path the user sends is relative to it on the server."),
			"role":       dsString("`admin`, `general` or `guest` (v3.38 reports a number, v3.62 a list; both are reduced to the highest role)."),
			"disabled":   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the account is disabled."},
			"permission": schema.Int64Attribute{Computed: true, MarkdownDescription: "The permission bits as the server reports them."},
			"permission_names": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The permission bits by name: `see_hidden`, `access_without_password`, `offline_download`, `upload` (make dir and upload), " +
					"`rename`, `move`, `copy`, `remove`, `webdav_read`, `webdav_write` and, on later versions, further bits as `bit_N`."},
			"otp": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether two-factor authentication is on."},
		},
	}
}

func (d *meDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// permissionNames are AList's permission bits in order.
var permissionNames = []string{"see_hidden", "access_without_password", "offline_download", "upload", "rename", "move", "copy", "remove", "webdav_read", "webdav_write"}

func namedPermissions(bits int32) []string {
	names := []string{}
	for i := range 32 {
		if bits&(1<<i) == 0 {
			continue
		}
		if i < len(permissionNames) {
			names = append(names, permissionNames[i])
		} else {
			names = append(names, "bit_"+itoa(i))
		}
	}
	return names
}

func roleName(role int) string {
	switch role {
	case 2:
		return "admin"
	case 1:
		return "guest"
	}
	return "general"
}

func (d *meDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	me, err := d.data.session.Me(d.data.withMasking(ctx))
	if err != nil {
		addAPIError(&resp.Diagnostics, emptyPath, "Cannot read the current account", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, meModel(me))...)
}

func meModel(me *alist.Me) *meDataSourceModel {
	names, _ := types.ListValueFrom(context.Background(), types.StringType, namedPermissions(me.Permission))
	return &meDataSourceModel{
		ID: types.Int64Value(me.ID), Username: types.StringValue(me.Username), BasePath: types.StringValue(me.BasePath),
		Role: types.StringValue(roleName(me.Role)), Disabled: types.BoolValue(me.Disabled), Permission: types.Int64Value(int64(me.Permission)),
		PermissionNames: names, OTP: types.BoolValue(me.OTP),
	}
}
