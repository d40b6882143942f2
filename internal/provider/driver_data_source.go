package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ datasource.DataSourceWithConfigure = (*driverDataSource)(nil)

type driverDataSource struct{ dataSourceBase }

func newDriverDataSource() datasource.DataSource { return &driverDataSource{} }

type driverDataSourceModel struct {
	Name          types.String       `tfsdk:"name"`
	Fields        []driverFieldModel `tfsdk:"fields"`
	StorageFields []driverFieldModel `tfsdk:"storage_fields"`
	SecretFields  []types.String     `tfsdk:"secret_fields"`
	LocalSort     types.Bool         `tfsdk:"local_sort"`
	NoCache       types.Bool         `tfsdk:"no_cache"`
	NoUpload      types.Bool         `tfsdk:"no_upload"`
	OnlyProxy     types.Bool         `tfsdk:"only_proxy"`
	DefaultRoot   types.String       `tfsdk:"default_root"`
}

type driverFieldModel struct {
	Name     types.String   `tfsdk:"name"`
	Type     types.String   `tfsdk:"type"`
	Default  types.String   `tfsdk:"default"`
	Options  []types.String `tfsdk:"options"`
	Required types.Bool     `tfsdk:"required"`
	Help     types.String   `tfsdk:"help"`
}

func (d *driverDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_driver"
}

func (d *driverDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	field := schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
		"name":     dsString("The key."),
		"type":     dsString("`string`, `text`, `bool`, `number`, `select`, or a number type such as `int`."),
		"default":  dsString("What the web UI (and `alist_storage`, for a new storage) fills in when it is left out; the server itself fills in nothing."),
		"options":  schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "A `select`'s choices."},
		"required": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the web UI requires it."},
		"help":     dsString("The driver's help text."),
	}}
	flag := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One storage driver of the server: the settings `alist_storage`'s `addition` takes, as this server's version has them. Needs an admin account.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{Required: true, MarkdownDescription: "The driver's name as the server lists it (case-sensitive), e.g. `Local`, `WebDav`, `S3`, `AList V3`."},
			"fields": schema.ListNestedAttribute{Computed: true, NestedObject: field,
				MarkdownDescription: "The driver's settings: the keys of `addition` and `sensitive_addition`."},
			"storage_fields": schema.ListNestedAttribute{Computed: true, NestedObject: field,
				MarkdownDescription: "The storage fields (`alist_storage` attributes such as `webdav_policy`) this driver shows on this server, with their defaults."},
			"secret_fields": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The settings that look like credentials: they belong in `sensitive_addition` and are never imported."},
			"local_sort":   flag("Whether `order_by`/`order_direction` apply (the server sorts the listings)."),
			"no_cache":     flag("Whether the driver keeps no listing cache (`cache_expiration` has no effect)."),
			"no_upload":    flag("Whether the driver refuses uploads."),
			"only_proxy":   flag("Whether downloads always go through the server."),
			"default_root": dsString("The default root folder (path or id) of the driver."),
		},
	}
}

func (d *driverDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m driverDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = d.data.requestContext(ctx)
	if !d.data.requireAdmin(ctx, "data.alist_driver", &resp.Diagnostics) {
		return
	}
	info := d.data.driverInfo(ctx, m.Name.ValueString(), &resp.Diagnostics)
	if info == nil {
		return
	}
	m.fill(info)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (m *driverDataSourceModel) fill(info *alist.DriverInfo) {
	fields := func(items []alist.DriverItem) []driverFieldModel {
		out := make([]driverFieldModel, len(items))
		for i, it := range items {
			out[i] = driverFieldModel{Name: types.StringValue(it.Name), Type: types.StringValue(it.Type), Default: types.StringValue(it.Default),
				Options: stringValues(it.Choices()), Required: types.BoolValue(it.Required), Help: types.StringValue(it.Help)}
		}
		return out
	}
	m.Fields, m.StorageFields = fields(info.Additional), fields(info.Common)
	m.SecretFields = stringValues(secretKeys(info))
	c := info.Config
	m.LocalSort, m.NoCache, m.NoUpload, m.OnlyProxy = types.BoolValue(c.LocalSort), types.BoolValue(c.NoCache), types.BoolValue(c.NoUpload), types.BoolValue(c.OnlyProxy)
	m.DefaultRoot = types.StringValue(c.DefaultRoot)
}
