package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ list.ListResourceWithConfigure = (*userList)(nil)

// userList lists what userResource manages, by its Metadata and with its code.
type userList struct{ userResource }

func newUserList() list.ListResource { return &userList{} }

type userListConfig struct {
	UsernamePrefix types.String `tfsdk:"username_prefix"`
	IncludeBuiltin types.Bool   `tfsdk:"include_builtin"`
}

func (l *userList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "The server's accounts, in id order, each by its username; without the built-in `admin` and `guest` unless asked. " +
			"With `include_resource`, each result is the account as an import reads it: never a password (the server does not give it), " +
			"so a generated configuration needs `password_wo` or `password` set before it can create the account elsewhere. Needs an admin account.",
		Attributes: map[string]listschema.Attribute{
			"username_prefix": listschema.StringAttribute{Optional: true,
				MarkdownDescription: "Only the accounts whose username starts with this text."},
			"include_builtin": listschema.BoolAttribute{Optional: true,
				MarkdownDescription: "List the built-in `admin` and `guest` accounts too, which every server has (they are imported, never created). Default `false`."},
		},
	}
}

func (l *userList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var c userListConfig
	ctx, ok := startList(ctx, l.resourceBase, "alist_user", req, &c, stream)
	if !ok {
		return
	}
	var diags diag.Diagnostics
	d := l.data.dialect(ctx, true, &diags)
	if d == nil {
		listError(stream, diags)
		return
	}
	named := hasPrefix(c.UsernamePrefix.ValueString(), c.UsernamePrefix.IsNull())
	stream.Results = listSpec[alist.User]{
		what: "accounts", id: userIdentity,
		pages: l.data.session.UserPages(ctx, listPageSize),
		keep: func(u *alist.User) bool {
			return named(u.Username) && (c.IncludeBuiltin.ValueBool() || !isBuiltin(u.Username))
		},
		name: func(u *alist.User) string { return u.Username },
		object: func(ctx context.Context, u *alist.User, diags *diag.Diagnostics) any {
			m := userModel{ID: idValue(u.ID)} // what the import sets; Read fills the rest
			diags.Append(l.refresh(ctx, &m, u, d)...)
			return &m
		},
	}.results(ctx, req)
}
