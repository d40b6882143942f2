package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var _ datasource.DataSourceWithConfigure = (*settingsDataSource)(nil)

type settingsDataSource struct{ dataSourceBase }

func newSettingsDataSource() datasource.DataSource { return &settingsDataSource{} }

// settingGroups are the settings' groups by number (10-11 from v3.62 and
// OpenList, 12 on v3.62 only).
var settingGroups = []string{"single", "site", "style", "preview", "global", "offline_download", "index", "sso", "ldap", "s3", "ftp", "traffic", "frp"}

var settingFlags = []string{"public", "private", "readonly", "deprecated"}

type settingsDataSourceModel struct {
	Group    types.String         `tfsdk:"group"`
	Settings []listedSettingModel `tfsdk:"settings"`
}

type listedSettingModel struct {
	Key       types.String `tfsdk:"key"`
	Value     types.String `tfsdk:"value"`
	Sensitive types.Bool   `tfsdk:"sensitive"`
	Type      types.String `tfsdk:"type"`
	Options   types.String `tfsdk:"options"`
	Help      types.String `tfsdk:"help"`
	Group     types.String `tfsdk:"group"`
	Flag      types.String `tfsdk:"flag"`
}

func (d *settingsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_settings"
}

func (d *settingsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The server's settings, all or one group's, with their types and choices: the keys `alist_setting` takes. " +
			"Secrets (private settings whose key looks like a credential, URLs with a password in them, and the admin token) are masked: their `value` is null. Needs an admin account.",
		Attributes: map[string]schema.Attribute{
			"group": schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.OneOf(settingGroups...)},
				MarkdownDescription: "Only this group: " + quoteList(settingGroups) + " (`ftp` and `traffic` from AList v3.62 and OpenList, `frp` on v3.62)."},
			"settings": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The settings, in the server's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"key":       dsString("The key."),
					"value":     dsString("The value; null when `sensitive`."),
					"sensitive": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the value is a secret, left out here."},
					"type":      dsString("`string`, `number`, `bool`, `text` or `select`."),
					"options":   dsString("A `select`'s comma-separated choices."),
					"help":      dsString("The server's help text."),
					"group":     dsString("The group's name."),
					"flag":      dsString("`public` (readable without login), `private`, `readonly` or `deprecated`."),
				}},
			},
		},
	}
}

func (d *settingsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m settingsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = d.data.requestContext(ctx)
	if !d.data.requireAdmin(ctx, "data.alist_settings", &resp.Diagnostics) {
		return
	}
	group := -1
	if !m.Group.IsNull() {
		group = slices.Index(settingGroups, m.Group.ValueString())
	}
	items, err := d.data.session.Settings(ctx, group)
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Root("group"), "Cannot list the settings", err)
		return
	}
	m.fill(items)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (m *settingsDataSourceModel) fill(items []alist.Setting) {
	name := func(names []string, i int) string {
		if i >= 0 && i < len(names) {
			return names[i]
		}
		return fmt.Sprint(i)
	}
	m.Settings = make([]listedSettingModel, len(items))
	for i, it := range items {
		secret := settingSecret(&it)
		v := types.StringValue(it.Value)
		if secret {
			v = types.StringNull()
		}
		m.Settings[i] = listedSettingModel{
			Key: types.StringValue(it.Key), Value: v, Sensitive: types.BoolValue(secret), Type: types.StringValue(it.Type),
			Options: types.StringValue(it.Options), Help: types.StringValue(it.Help),
			Group: types.StringValue(name(settingGroups, it.Group)), Flag: types.StringValue(name(settingFlags, it.Flag)),
		}
	}
}
