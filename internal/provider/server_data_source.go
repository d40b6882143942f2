package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ datasource.DataSourceWithConfigure = (*serverDataSource)(nil)

type serverDataSource struct{ dataSourceBase }

func newServerDataSource() datasource.DataSource { return &serverDataSource{} }

type serverDataSourceModel struct {
	ID      types.String `tfsdk:"id"`
	Version types.String `tfsdk:"version"`
	Kind    types.String `tfsdk:"kind"`
	Roles   types.Bool   `tfsdk:"roles"`
}

func (d *serverDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_server"
}

func (d *serverDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The AList server the provider talks to: its version and kind, from `/api/public/settings` (no login needed).",
		Attributes: map[string]schema.Attribute{
			"id":      dsString("The server's base URL."),
			"version": dsString("The version the server reports, e.g. `v3.38.0` or `v4.2.5 (Commit: …)`."),
			"kind":    dsString("`AList v3` or `OpenList`: derived from the version, or, for a self-built server that reports `dev`, from the routes it answers."),
			"roles": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the server has roles (`alist_role`, the data source `alist_roles`): AList v3.46 and later. " +
				"`count = data.alist_server.this.roles ? 1 : 0` keeps a configuration that reads `alist_roles` usable on every server."},
		},
	}
}

func (d *serverDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	info, err := d.data.session.Info(d.data.requestContext(ctx))
	if err != nil {
		addAPIError(&resp.Diagnostics, path.Empty(), "Cannot read the server's settings", err)
		return
	}
	var m serverDataSourceModel
	m.fill(d.data.session.URL(), info)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// fill copies what the server says of itself into the model.
func (m *serverDataSourceModel) fill(url string, info alist.ServerInfo) {
	m.ID, m.Version, m.Kind = types.StringValue(url), types.StringValue(info.Version), types.StringValue(info.Kind())
	m.Roles = types.BoolValue(info.HasRoles())
}
