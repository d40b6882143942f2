package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*sharesDataSource)(nil)

type sharesDataSource struct{ dataSourceBase }

func newSharesDataSource() datasource.DataSource { return &sharesDataSource{} }

type sharesDataSourceModel struct {
	Shares []listedShareModel `tfsdk:"shares"`
}

// listedShareModel is one share with alist_share's attribute names; never
// the password (OpenList shows it to the owner), only whether there is one.
type listedShareModel struct {
	ShareID     types.String `tfsdk:"share_id"`
	Paths       types.List   `tfsdk:"paths"`
	ExpiresAt   types.String `tfsdk:"expires_at"`
	MaxAccesses types.Int64  `tfsdk:"max_accesses"`
	AccessCount types.Int64  `tfsdk:"access_count"`
	Remark      types.String `tfsdk:"remark"`
	Readme      types.String `tfsdk:"readme"`
	Header      types.String `tfsdk:"header"`
	Disabled    types.Bool   `tfsdk:"disabled"`
	HasPassword types.Bool   `tfsdk:"has_password"`
	Creator     types.String `tfsdk:"creator"`
	URL         types.String `tfsdk:"url"`
}

func (d *sharesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_shares"
}

func (d *sharesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	text := func(desc string) schema.StringAttribute { return dsString(desc) }
	resp.Schema = schema.Schema{
		MarkdownDescription: "The share links the provider's account can see, in the server's order, named as `alist_share` names them, plus `creator` (`allow_preview`, `allow_download` and `download_url` are left out). " +
			"AList v3.62 lists each account's own shares only, admins included; OpenList lists an admin every account's. " +
			"Never a password: `has_password` tells whether there is one. AList v3.38 has no share links (an error names the versions that do).",
		Attributes: map[string]schema.Attribute{
			"shares": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The shares.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"share_id":     text("The share's id; the import ID of `alist_share`."),
					"paths":        schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The shared files or folders."},
					"expires_at":   text("When the share stops working (RFC 3339, UTC); null: never."),
					"max_accesses": schema.Int64Attribute{Computed: true, MarkdownDescription: "Accesses served before the share is refused; 0: no limit."},
					"access_count": schema.Int64Attribute{Computed: true, MarkdownDescription: "Accesses served so far."},
					"remark":       text("OpenList: the owner's note; null on AList."),
					"readme":       text("OpenList: markdown below the listing; null on AList."),
					"header":       text("OpenList: markdown above the listing; null on AList."),
					"disabled":     schema.BoolAttribute{Computed: true, MarkdownDescription: "The share is off (on AList v3.62 also when used up)."},
					"has_password": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the share asks for a password."},
					"creator":      text("OpenList: the account that owns the share; null on AList (always the provider's account)."),
					"url":          text("The share's page, as `alist_share`'s `url`."),
				}},
			},
		},
	}
}

func (d *sharesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx = d.data.requestContext(ctx)
	s := d.data.session
	shares, err := s.Shares(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot list the shares", err)
		return
	}
	info, ok := d.data.serverInfo(ctx, &resp.Diagnostics)
	if !ok {
		return
	}
	m := sharesDataSourceModel{Shares: []listedShareModel{}}
	for i := range shares {
		// alist_share's own reading, as an import makes it, so that the
		// two always agree; no download link (it would cost a call each).
		var r shareModel
		r.fill(ctx, &shares[i], s.URL(), info.IsOpenList(), "", &resp.Diagnostics)
		creator := types.StringNull()
		if shares[i].Creator != "" {
			creator = types.StringValue(shares[i].Creator)
		}
		m.Shares = append(m.Shares, listedShareModel{ShareID: r.ShareID, Paths: r.Paths, ExpiresAt: r.ExpiresAt, MaxAccesses: r.MaxAccesses,
			AccessCount: r.AccessCount, Remark: r.Remark, Readme: r.Readme, Header: r.Header, Disabled: r.Disabled, HasPassword: r.HasPassword,
			Creator: creator, URL: r.URL})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
