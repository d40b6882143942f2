package provider

import (
	"context"
	"path"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ list.ListResourceWithConfigure = (*settingList)(nil)

// settingList lists what settingResource manages, by its Metadata and with its code.
type settingList struct{ settingResource }

func newSettingList() list.ListResource { return &settingList{} }

type settingListConfig struct {
	Group      types.String `tfsdk:"group"`
	KeyPattern types.String `tfsdk:"key_pattern"`
}

func (l *settingList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "The server's settings, in its order, each by its key; never the read-only and deprecated ones, nor the admin token, which `alist_setting` refuses. " +
			"Every setting is listed, changed or not: the server does not tell a setting's initial value. With `include_resource`, each result is the setting " +
			"as an import reads it, except a secret's value (`sensitive_value`), which is left out with a warning. Needs an admin account.",
		Attributes: map[string]listschema.Attribute{
			"group": listschema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.OneOf(settingGroups...)},
				MarkdownDescription: "Only this group, named as `alist_settings`' `group`: " + quoteList(settingGroups) + " (`ftp` and `traffic` from AList v3.62 and OpenList, `frp` on v3.62)."},
			"key_pattern": listschema.StringAttribute{Optional: true, Validators: []validator.String{keyPatternValidator{}},
				MarkdownDescription: "Only the keys this glob matches: `*` any run of characters, `?` one character, `[abc]` one of a set; e.g. `ldap_*`."},
		},
	}
}

func (l *settingList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var c settingListConfig
	ctx, ok := startList(ctx, l.resourceBase, "alist_setting", req, &c, stream)
	if !ok {
		return
	}
	group := slices.Index(settingGroups, c.Group.ValueString())
	stream.Results = listSpec[alist.Setting]{
		what: "settings", id: settingIdentity,
		// The settings list is not paged: one answer holds them all.
		pages: func(yield func([]alist.Setting, error) bool) { yield(l.data.session.Settings(ctx, -1)) },
		keep: func(s *alist.Setting) bool {
			if summary, _ := unmanagedSetting(s); summary != "" || !c.Group.IsNull() && s.Group != group {
				return false
			}
			matched, _ := path.Match(c.KeyPattern.ValueString(), s.Key) // checked at plan
			return c.KeyPattern.IsNull() || matched
		},
		name: func(s *alist.Setting) string { return s.Key },
		object: func(_ context.Context, s *alist.Setting, _ *diag.Diagnostics) any {
			m := importedSetting(s) // Read sets the same value again
			return &m
		},
	}.results(ctx, req)
}
