package provider

import (
	"context"
	"path"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ datasource.DataSourceWithConfigure = (*filesDataSource)(nil)

type filesDataSource struct{ dataSourceBase }

func newFilesDataSource() datasource.DataSource { return &filesDataSource{} }

type filesDataSourceModel struct {
	ID       types.String      `tfsdk:"id"`
	Path     types.String      `tfsdk:"path"`
	Password types.String      `tfsdk:"password"`
	Refresh  types.Bool        `tfsdk:"refresh"`
	Files    []listedFileModel `tfsdk:"files"`
}

// listedFileModel is one entry of `files`.
type listedFileModel struct {
	Name     types.String `tfsdk:"name"`
	Path     types.String `tfsdk:"path"`
	Size     types.Int64  `tfsdk:"size"`
	IsDir    types.Bool   `tfsdk:"is_dir"`
	Modified types.String `tfsdk:"modified"`
	Created  types.String `tfsdk:"created"`
	Type     types.Int64  `tfsdk:"type"`
	Sign     types.String `tfsdk:"sign"`
	HashInfo types.Map    `tfsdk:"hash_info"`
}

func (d *filesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_files"
}

func (d *filesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The entries of a folder on the AList server (fs/list), every page of it: the servers' page-size caps (500 on v3.62) are handled.",
		Attributes: map[string]schema.Attribute{
			"id": dsString("The folder's path."),
			"path": schema.StringAttribute{Required: true, Validators: []validator.String{remotePathValidator{}},
				MarkdownDescription: "Absolute path of the folder, e.g. `/local/releases`."},
			"password": schema.StringAttribute{Optional: true, Sensitive: true, MarkdownDescription: "Password of a protected folder, if any."},
			"refresh": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Re-read the folder from its storage instead of the server's cache (needs write permission on the folder). Default `false`."},
			"files": schema.ListNestedAttribute{
				Computed: true, MarkdownDescription: "The folder's entries, in the server's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":      dsString("Base name."),
					"path":      dsString("Full path."),
					"size":      schema.Int64Attribute{Computed: true, MarkdownDescription: "Size in bytes."},
					"is_dir":    schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is a folder."},
					"modified":  dsString("Modification time (RFC 3339)."),
					"created":   dsString("Creation time (RFC 3339)."),
					"type":      schema.Int64Attribute{Computed: true, MarkdownDescription: "AList's type code: 1 folder, 2 video, 3 audio, 4 text, 5 image, 0 other."},
					"sign":      dsString("Download signature, where signing applies."),
					"hash_info": schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Hashes the storage reports, by name."},
				}},
			},
		},
	}
}

func (d *filesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m filesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	items, err := d.data.session.List(d.data.requestContext(ctx), m.Path.ValueString(), alist.ListOptions{Password: m.Password.ValueString(), Refresh: m.Refresh.ValueBool()})
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Root("path"), readSummary(err, "Cannot list the folder"), err)
		return
	}
	resp.Diagnostics.Append(m.fill(ctx, items)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// fill copies a listing into the model.
func (m *filesDataSourceModel) fill(ctx context.Context, items []alist.Object) diag.Diagnostics {
	var diags diag.Diagnostics
	dir := m.Path.ValueString()
	m.ID = m.Path
	m.Files = make([]listedFileModel, len(items))
	for i, it := range items {
		hv, d := hashInfoValue(ctx, it.HashInfo)
		diags.Append(d...)
		m.Files[i] = listedFileModel{
			Name: types.StringValue(it.Name), Path: types.StringValue(path.Join(dir, it.Name)), Size: types.Int64Value(it.Size),
			IsDir: types.BoolValue(it.IsDir), Modified: types.StringValue(timeString(it.Modified)), Created: types.StringValue(timeString(it.Created)),
			Type: types.Int64Value(int64(it.Type)), Sign: types.StringValue(it.Sign), HashInfo: hv,
		}
	}
	return diags
}
