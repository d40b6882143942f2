package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ datasource.DataSourceWithConfigure = (*metasDataSource)(nil)

type metasDataSource struct{ dataSourceBase }

func newMetasDataSource() datasource.DataSource { return &metasDataSource{} }

type metasDataSourceModel struct {
	PathPrefix types.String      `tfsdk:"path_prefix"`
	Metas      []listedMetaModel `tfsdk:"metas"`
}

// listedMetaModel is one meta with alist_meta's attribute names, so that a
// resource block can take each of them from it; never the password, only
// whether there is one.
type listedMetaModel struct {
	ID          types.String `tfsdk:"id"`
	Path        types.String `tfsdk:"path"`
	HasPassword types.Bool   `tfsdk:"has_password"`
	metaOptions
}

func (d *metasDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_metas"
}

func (d *metasDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	flag := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
	}
	ids := func(desc string) schema.SetAttribute {
		return schema.SetAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every meta of the server (or those at and below `path_prefix`), in the server's order, with `alist_meta`'s attribute names, " +
			"so that a resource block can take them (`write = each.value.write`). Never a password: `has_password` tells whether there is one. Needs an admin account.",
		Attributes: map[string]schema.Attribute{
			"path_prefix": schema.StringAttribute{Optional: true, Validators: []validator.String{mountPathValidator{allowRoot: true}},
				MarkdownDescription: "Only the metas of this folder and the folders below it: `/media` takes `/media` and `/media/x`, not `/mediax`. Left out: all."},
			"metas": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The metas.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":              dsString("Numeric id, as `alist_meta`'s `id`."),
					"path":            dsString("The folder; the import ID of `alist_meta`."),
					"has_password":    flag("Whether the folder has a password (never shown: give it to `alist_meta`'s `password` from a variable)."),
					"password_sub":    flag("The sub-folders ask for the password too."),
					"write":           flag("Accounts without the `write` permission may write in this folder."),
					"write_sub":       flag("`write` holds in the sub-folders too."),
					"hide":            schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The hide patterns (regular expressions)."},
					"hide_sub":        flag("`hide` holds in the sub-folders too."),
					"readme":          dsString("Markdown shown below the listing."),
					"readme_sub":      flag("The sub-folders show the readme too."),
					"header":          dsString("Markdown shown above the listing."),
					"header_sub":      flag("The sub-folders show the header too."),
					"read_users":      ids("OpenList: ids of the only accounts that may read here; null when there is no such limit, and on AList."),
					"read_users_sub":  flag("OpenList: `read_users` holds in the sub-folders too; null unless set, and on AList."),
					"write_users":     ids("OpenList: ids of the only accounts that may write here; null when there is no such limit, and on AList."),
					"write_users_sub": flag("OpenList: `write_users` holds in the sub-folders too; null unless set, and on AList."),
				}},
			},
		},
	}
}

func (d *metasDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m metasDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = d.data.requestContext(ctx)
	if !d.data.requireAdmin(ctx, "data.alist_metas", &resp.Diagnostics) {
		return
	}
	rows, err := d.data.session.Metas(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot list the metas", err)
		return
	}
	resp.Diagnostics.Append(m.fill(ctx, rows)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (m *metasDataSourceModel) fill(ctx context.Context, rows []alist.Meta) diag.Diagnostics {
	var diags diag.Diagnostics
	m.Metas = []listedMetaModel{}
	for i := range rows {
		if !m.PathPrefix.IsNull() && !within(rows[i].Path, m.PathPrefix.ValueString()) {
			continue
		}
		// alist_meta's own reading, as an import makes it (nothing
		// configured before), so that the two always agree.
		r := metaModel{metaOptions: metaOptions{ReadUsers: types.SetNull(types.Int64Type), WriteUsers: types.SetNull(types.Int64Type)}}
		diags.Append(r.fill(ctx, &rows[i])...)
		m.Metas = append(m.Metas, listedMetaModel{ID: r.ID, Path: r.Path, HasPassword: types.BoolValue(rows[i].Password != ""), metaOptions: r.metaOptions})
	}
	return diags
}
