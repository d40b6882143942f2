package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ list.ListResourceWithConfigure = (*shareList)(nil)

// shareList lists what shareResource manages, by its Metadata and with its code.
type shareList struct{ shareResource }

func newShareList() list.ListResource { return &shareList{} }

type shareListConfig struct {
	PathPrefix types.String `tfsdk:"path_prefix"`
}

func (l *shareList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "The share links the provider's account can see (OpenList: an admin's list holds every account's), in the server's order, each by its `share_id`. " +
			"With `include_resource`, each result is the share as an import reads it, never with its password (set `password_wo` from a variable). " +
			"AList v3.38 has no share links: the list fails with an error naming the versions that do.",
		Attributes: map[string]listschema.Attribute{
			"path_prefix": listschema.StringAttribute{Optional: true, Validators: []validator.String{mountPathValidator{allowRoot: true}},
				MarkdownDescription: "Only the shares of a path at or below this folder: `/media` takes `/media` and `/media/x`, not `/mediax`."},
		},
	}
}

func (l *shareList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var c shareListConfig
	ctx, ok := startListAny(ctx, l.resourceBase, "alist_share", req, &c, stream)
	if !ok {
		return
	}
	s := l.data.session
	var diags diag.Diagnostics
	if err := s.SharesSupported(ctx); err != nil {
		addAPIError(&diags, tfpath.Empty(), "Share links are not available on this server", err)
		listError(stream, diags)
		return
	}
	info, ok := l.data.serverInfo(ctx, &diags)
	if !ok {
		listError(stream, diags)
		return
	}
	under := underFolder(c.PathPrefix.ValueString(), c.PathPrefix.IsNull())
	stream.Results = listSpec[alist.Share]{
		what: "shares", id: shareIdentity,
		// the shares come whole: AList v3.62's own list is searched for
		// each share anyway (it has no get)
		pages: func(yield func([]alist.Share, error) bool) { yield(s.Shares(ctx)) },
		keep:  func(sh *alist.Share) bool { return slices.ContainsFunc(sh.Paths, under) },
		name:  func(sh *alist.Share) string { return sh.ID },
		object: func(ctx context.Context, row *alist.Share, diags *diag.Diagnostics) any {
			var m shareModel // what import and refresh make of it
			m.fill(ctx, row, s.URL(), info.IsOpenList(), l.downloadLink(ctx, row, info.IsOpenList()), diags)
			return &m
		},
	}.results(ctx, req)
}
