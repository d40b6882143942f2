package provider

import (
	"context"
	"errors"
	"fmt"
	"path"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ datasource.DataSourceWithConfigure = (*filesDataSource)(nil)

type filesDataSource struct{ data *providerData }

func newFilesDataSource() datasource.DataSource { return &filesDataSource{} }

type filesDataSourceModel struct {
	ID       types.String `tfsdk:"id"`
	Path     types.String `tfsdk:"path"`
	Password types.String `tfsdk:"password"`
	Refresh  types.Bool   `tfsdk:"refresh"`
	Files    types.List   `tfsdk:"files"`
}

var listedFileType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"name": types.StringType, "path": types.StringType, "size": types.Int64Type, "is_dir": types.BoolType,
	"modified": types.StringType, "created": types.StringType, "type": types.Int64Type, "sign": types.StringType,
	"hash_info": types.MapType{ElemType: types.StringType},
}}

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

func (d *filesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *filesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m filesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dir := m.Path.ValueString()
	items, err := d.data.session.List(d.data.withMasking(ctx), dir, alist.ListOptions{Password: m.Password.ValueString(), Refresh: m.Refresh.ValueBool()})
	if errors.Is(err, alist.ErrNotFound) {
		resp.Diagnostics.AddAttributeError(tfpath.Root("path"), "No such folder",
			fmt.Sprintf("Nothing exists at %q on the AList server (%s). Check the path; it starts with a storage's mount path, e.g. /local/….", dir, err))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Root("path"), "Cannot list the folder", err)
		return
	}
	files := make([]attr.Value, 0, len(items))
	for _, it := range items {
		hv, diags := hashInfoValue(ctx, it.HashInfo)
		resp.Diagnostics.Append(diags...)
		obj, diags := types.ObjectValue(listedFileType.AttrTypes, map[string]attr.Value{
			"name": types.StringValue(it.Name), "path": types.StringValue(path.Join(dir, it.Name)), "size": types.Int64Value(it.Size),
			"is_dir": types.BoolValue(it.IsDir), "modified": types.StringValue(timeString(it.Modified)), "created": types.StringValue(timeString(it.Created)),
			"type": types.Int64Value(int64(it.Type)), "sign": types.StringValue(it.Sign), "hash_info": hv,
		})
		resp.Diagnostics.Append(diags...)
		files = append(files, obj)
	}
	list, diags := types.ListValue(listedFileType, files)
	resp.Diagnostics.Append(diags...)
	m.ID, m.Files = m.Path, list
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
