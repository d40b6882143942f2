package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ datasource.DataSourceWithConfigure = (*fileDataSource)(nil)

type fileDataSource struct {
	dataSourceBase
}

func newFileDataSource() datasource.DataSource { return &fileDataSource{} }

type fileDataSourceModel struct {
	ID       types.String `tfsdk:"id"`
	Path     types.String `tfsdk:"path"`
	Password types.String `tfsdk:"password"`
	Name     types.String `tfsdk:"name"`
	Size     types.Int64  `tfsdk:"size"`
	IsDir    types.Bool   `tfsdk:"is_dir"`
	Modified types.String `tfsdk:"modified"`
	Created  types.String `tfsdk:"created"`
	Sign     types.String `tfsdk:"sign"`
	Thumb    types.String `tfsdk:"thumb"`
	Type     types.Int64  `tfsdk:"type"`
	HashInfo types.Map    `tfsdk:"hash_info"`
	RawURL   types.String `tfsdk:"raw_url"`
	Readme   types.String `tfsdk:"readme"`
	Header   types.String `tfsdk:"header"`
	Provider types.String `tfsdk:"storage_provider"`
}

func (d *fileDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_file"
}

func (d *fileDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Metadata of a file or folder on the AList server (fs/get), such as its download URL `raw_url` and `sign`.",
		Attributes: map[string]schema.Attribute{
			"id": dsString("The path."),
			"path": schema.StringAttribute{
				Required: true, MarkdownDescription: "Absolute path of the file or folder on the AList site, e.g. `/local/app/config.yaml`.",
				Validators: []validator.String{remotePathValidator{}},
			},
			"password": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "Password of a protected folder (an AList meta password), if the path lies in one.",
			},
			"name":     dsString("Base name."),
			"size":     schema.Int64Attribute{Computed: true, MarkdownDescription: "Size in bytes (0, or the folder inode's size on OpenList, for folders)."},
			"is_dir":   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is a folder."},
			"modified": dsString("Modification time (RFC 3339)."),
			"created":  dsString("Creation time (RFC 3339)."),
			"sign":     dsString("Download signature; empty for folders and where signing does not apply. With expiring links it changes on every read."),
			"thumb":    dsString("Thumbnail URL, or empty."),
			"type": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "AList's type code, derived from the name: 0 unknown (and folders), 2 video, 3 audio, 4 text, 5 image."},
			"hash_info": schema.MapAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Hashes the storage reports, by name (e.g. `md5`); empty when it keeps none."},
			"raw_url": dsString("Direct download URL of a file (`/p/…?sign=…` for proxied storages such as Local); empty for folders. " +
				"On AList v3.60 and later, which decode `/p/` paths twice, each `%` of a name is escaped once more, so that the link downloads the file."),
			"readme":           dsString("A folder's readme text (from its meta), if any."),
			"header":           dsString("A folder's header text (from its meta), if any."),
			"storage_provider": dsString("The storage driver, as AList's `provider` field reports it, e.g. `Local`."),
		},
	}
}

func (d *fileDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m fileDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	p := m.Path.ValueString()
	obj, err := d.data.session.Get(d.data.requestContext(ctx), p, m.Password.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, path.Root("path"), readSummary(err, "Cannot read the file"), err)
		return
	}
	resp.Diagnostics.Append(m.fill(ctx, obj)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// fill copies what the server reports into the model.
func (m *fileDataSourceModel) fill(ctx context.Context, obj *alist.Object) diag.Diagnostics {
	m.ID = m.Path
	m.Name, m.Size, m.IsDir = types.StringValue(obj.Name), types.Int64Value(obj.Size), types.BoolValue(obj.IsDir)
	m.Modified, m.Created = types.StringValue(timeString(obj.Modified)), types.StringValue(timeString(obj.Created))
	m.Sign, m.Thumb, m.Type = types.StringValue(obj.Sign), types.StringValue(obj.Thumb), types.Int64Value(int64(obj.Type))
	m.RawURL, m.Readme, m.Header, m.Provider = types.StringValue(obj.RawURL), types.StringValue(obj.Readme), types.StringValue(obj.Header), types.StringValue(obj.Provider)
	var diags diag.Diagnostics
	m.HashInfo, diags = hashInfoValue(ctx, obj.HashInfo)
	return diags
}
