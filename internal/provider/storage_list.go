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

var _ list.ListResourceWithConfigure = (*storageList)(nil)

// storageList lists what storageResource manages, by its Metadata and with its code.
type storageList struct{ storageResource }

func newStorageList() list.ListResource { return &storageList{} }

type storageListConfig struct {
	Driver          types.String `tfsdk:"driver"`
	MountPathPrefix types.String `tfsdk:"mount_path_prefix"`
}

func (l *storageList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "The server's storages, in its order (`order`, then id), each by its mount path. With `include_resource`, each result is the storage " +
			"as an import reads it: `addition` holds the driver settings that differ from the driver's defaults, never the secret ones, which a warning names " +
			"for `sensitive_addition`. Needs an admin account.",
		Attributes: map[string]listschema.Attribute{
			"driver": listschema.StringAttribute{Optional: true,
				MarkdownDescription: "Only the storages of this driver, by its exact name as the server lists it, e.g. `Local`, `WebDav`, `AList V3`. A name the server does not have is an error."},
			"mount_path_prefix": listschema.StringAttribute{Optional: true, Validators: []validator.String{mountPathValidator{allowRoot: true}},
				MarkdownDescription: "Only the storages mounted at this folder or below it: `/media` takes `/media` and `/media/tv`, not `/mediax`. Written as the server stores paths (a leading `/`)."},
		},
	}
}

func (l *storageList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var c storageListConfig
	ctx, ok := startList(ctx, l.resourceBase, "alist_storage", req, &c, stream)
	if !ok {
		return
	}
	if !c.Driver.IsNull() {
		var diags diag.Diagnostics
		if l.data.driverInfo(ctx, c.Driver.ValueString(), &diags) == nil {
			listError(stream, diags)
			return
		}
	}
	mounted := underFolder(c.MountPathPrefix.ValueString(), c.MountPathPrefix.IsNull())
	stream.Results = listSpec[alist.Storage]{
		what: "storages", id: storageIdentity,
		pages: l.data.session.StoragePages(ctx, listPageSize),
		keep: func(st *alist.Storage) bool {
			return (c.Driver.IsNull() || st.Driver == c.Driver.ValueString()) && mounted(st.MountPath)
		},
		name: func(st *alist.Storage) string { return st.MountPath },
		object: func(ctx context.Context, st *alist.Storage, diags *diag.Diagnostics) any {
			m := importedStorage(st)
			if !l.refresh(ctx, &m, st, nil, diags) {
				return nil
			}
			if info, err := l.data.session.Driver(ctx, st.Driver); err == nil {
				warnSecretAddition(st, info, diags)
			}
			return &m
		},
	}.results(ctx, req)
}
