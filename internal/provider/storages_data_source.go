package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*storagesDataSource)(nil)

type storagesDataSource struct{ dataSourceBase }

func newStoragesDataSource() datasource.DataSource { return &storagesDataSource{} }

type storagesDataSourceModel struct {
	MountPathPrefix types.String    `tfsdk:"mount_path_prefix"`
	Storages        []storageFields `tfsdk:"storages"`
}

func (d *storagesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_storages"
}

func (d *storagesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id":         dsString("Numeric id, as `alist_storage`'s `id`."),
		"mount_path": dsString("Mount path; the import ID of `alist_storage`."),
		"driver":     dsString("Driver name."),
		"addition": schema.MapAttribute{Computed: true, ElementType: types.StringType,
			MarkdownDescription: "The driver's settings whose value differs from the driver's default, as an import of `alist_storage` takes them: " +
				"never the settings that look like credentials (passwords, tokens, keys), which go to `sensitive_addition` from variables."},
		"status":   dsString("`work`, `disabled`, or the driver's error."),
		"disabled": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is unmounted."},
	}
	for _, st := range storageSettings {
		desc := st.desc + " As `alist_storage`'s; null where the server's version lacks the field."
		switch st.kind {
		case "bool":
			attrs[st.name] = schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
		case "int":
			attrs[st.name] = schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
		default:
			attrs[st.name] = dsString(desc)
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every storage of the server (or those at and below `mount_path_prefix`), in the server's order (`order`, then id), with `alist_storage`'s attribute names, so that a resource block " +
			"can take them (`remark = each.value.remark`), and without the drivers' secret settings. Needs an admin account.",
		Attributes: map[string]schema.Attribute{
			"mount_path_prefix": schema.StringAttribute{Optional: true, Validators: []validator.String{mountPathValidator{allowRoot: true}},
				MarkdownDescription: "Only the storages mounted at this path or below it: `/media` takes `/media` and `/media/x`, not `/mediax`. Left out: all."},
			"storages": schema.ListNestedAttribute{
				Computed: true, MarkdownDescription: "The storages.",
				NestedObject: schema.NestedAttributeObject{Attributes: attrs},
			},
		},
	}
}

func (d *storagesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m storagesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = d.data.requestContext(ctx)
	if !d.data.requireAdmin(ctx, "data.alist_storages", &resp.Diagnostics) {
		return
	}
	rows, err := d.data.session.Storages(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot list the storages", err)
		return
	}
	m.Storages = []storageFields{}
	for i := range rows {
		if !m.MountPathPrefix.IsNull() && !within(rows[i].MountPath, m.MountPathPrefix.ValueString()) {
			continue
		}
		info, err := d.data.session.Driver(ctx, rows[i].Driver)
		if err != nil {
			addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot read the settings of the "+rows[i].Driver+" driver", err)
			return
		}
		// alist_storage's own reading of an import, so that the two agree.
		r := storageModel{storageFields: storageFields{Addition: types.MapNull(types.StringType)}}
		resp.Diagnostics.Append(r.fill(ctx, &rows[i], info, true, nil)...)
		m.Storages = append(m.Storages, r.storageFields)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
