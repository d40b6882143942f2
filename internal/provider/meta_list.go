package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ list.ListResourceWithConfigure = (*metaList)(nil)

// metaList lists what metaResource manages, by its Metadata and with its code.
type metaList struct{ metaResource }

func newMetaList() list.ListResource { return &metaList{} }

type metaListConfig struct {
	PathPrefix types.String `tfsdk:"path_prefix"`
}

func (l *metaList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "The server's metas, in id order, each by its folder's path. With `include_resource`, each result is the meta as an import reads it, " +
			"except its password, which is left out (a warning names the metas that have one: set `password` from a variable). Needs an admin account.",
		Attributes: map[string]listschema.Attribute{
			"path_prefix": listschema.StringAttribute{Optional: true, Validators: []validator.String{mountPathValidator{allowRoot: true}},
				MarkdownDescription: "Only the metas of this folder and the folders below it: `/media` takes `/media` and `/media/private`, not `/mediax`. Written as the server stores paths (a leading `/`)."},
		},
	}
}

func (l *metaList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var c metaListConfig
	ctx, ok := startList(ctx, l.resourceBase, "alist_meta", req, &c, stream)
	if !ok {
		return
	}
	under := underFolder(c.PathPrefix.ValueString(), c.PathPrefix.IsNull())
	stream.Results = listSpec[alist.Meta]{
		what: "metas", id: metaIdentity,
		pages: l.data.session.MetaPages(ctx, listPageSize),
		keep:  func(m *alist.Meta) bool { return under(m.Path) },
		name:  func(m *alist.Meta) string { return m.Path },
		object: func(ctx context.Context, row *alist.Meta, diags *diag.Diagnostics) any {
			m := metaModel{ID: idValue(row.ID)} // what the import sets; Read fills the rest
			diags.Append(m.fill(ctx, row)...)
			if row.Password != "" {
				// an import keeps none; here it is there to be left out by
				// name (withoutSecrets), with the warning that says so
				m.Password = types.StringValue(row.Password)
			}
			return &m
		},
	}.results(ctx, req)
}
