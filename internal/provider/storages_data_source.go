package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ datasource.DataSourceWithConfigure = (*storagesDataSource)(nil)

type storagesDataSource struct{ dataSourceBase }

func newStoragesDataSource() datasource.DataSource { return &storagesDataSource{} }

type storagesDataSourceModel struct {
	Storages []listedStorageModel `tfsdk:"storages"`
}

// listedStorageModel is one entry of `storages`: no addition, which holds
// the drivers' secrets.
type listedStorageModel struct {
	ID        types.String `tfsdk:"id"`
	MountPath types.String `tfsdk:"mount_path"`
	Driver    types.String `tfsdk:"driver"`
	Status    types.String `tfsdk:"status"`
	Disabled  types.Bool   `tfsdk:"disabled"`
	Remark    types.String `tfsdk:"remark"`
	Order     types.Int64  `tfsdk:"order"`
}

func (d *storagesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_storages"
}

func (d *storagesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every storage of the server, in the server's order (`order`, then id), without the drivers' settings, which hold secrets. " +
			"Use it to write `import` blocks for a server's storages. Needs an admin account.",
		Attributes: map[string]schema.Attribute{
			"storages": schema.ListNestedAttribute{
				Computed: true, MarkdownDescription: "The storages.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":         dsString("Numeric id, as `alist_storage`'s `id`."),
					"mount_path": dsString("Mount path; the import ID of `alist_storage`."),
					"driver":     dsString("Driver name."),
					"status":     dsString("`work`, `disabled`, or the driver's error."),
					"disabled":   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is unmounted."},
					"remark":     dsString("The admins' note."),
					"order":      schema.Int64Attribute{Computed: true, MarkdownDescription: "Sort key."},
				}},
			},
		},
	}
}

func (d *storagesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx = d.data.requestContext(ctx)
	if !d.data.requireAdmin(ctx, "data.alist_storages", &resp.Diagnostics) {
		return
	}
	rows, err := d.data.session.Storages(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot list the storages", err)
		return
	}
	var m storagesDataSourceModel
	m.fill(rows)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (m *storagesDataSourceModel) fill(rows []alist.Storage) {
	m.Storages = make([]listedStorageModel, len(rows))
	for i, st := range rows {
		m.Storages[i] = listedStorageModel{
			ID: idValue(st.ID), MountPath: types.StringValue(st.MountPath),
			Driver: types.StringValue(st.Driver), Status: types.StringValue(st.Status), Disabled: types.BoolValue(st.Disabled),
			Remark: types.StringValue(st.Remark), Order: types.Int64Value(st.Order),
		}
	}
}
