package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*serverDataSource)(nil)

type serverDataSource struct{ data *providerData }

func newServerDataSource() datasource.DataSource { return &serverDataSource{} }

type serverDataSourceModel struct {
	ID      types.String `tfsdk:"id"`
	Version types.String `tfsdk:"version"`
	Kind    types.String `tfsdk:"kind"`
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
			"kind":    dsString("`AList v3` or `OpenList`, derived from the version."),
		},
	}
}

func (d *serverDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *serverDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	info, err := d.data.session.ServerVersion(d.data.withMasking(ctx))
	if err != nil {
		addAPIError(&resp.Diagnostics, emptyPath, "Cannot read the server's settings", err)
		return
	}
	kind := "AList v3"
	if info.IsOpenList() {
		kind = "OpenList"
	}
	m := serverDataSourceModel{ID: types.StringValue(d.data.session.URL()), Version: types.StringValue(info.Version), Kind: types.StringValue(kind)}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
