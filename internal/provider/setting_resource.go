package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var (
	_ resource.ResourceWithConfigure        = (*settingResource)(nil)
	_ resource.ResourceWithImportState      = (*settingResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*settingResource)(nil)
	_ resource.ResourceWithConfigValidators = (*settingResource)(nil)
)

type settingResource struct{ resourceBase }

func newSettingResource() resource.Resource { return &settingResource{} }

type settingModel struct {
	ID             types.String `tfsdk:"id"`
	Key            types.String `tfsdk:"key"`
	Value          types.String `tfsdk:"value"`
	SensitiveValue types.String `tfsdk:"sensitive_value"`
}

func (r *settingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_setting"
	settingIdentity.behavior(resp)
}

func (r *settingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One of the server's settings (AList's Settings pages), e.g. `site_title`, `sign_all`, `link_expiration`. Needs an admin account. " +
			"The setting must exist on the server's version; it is written back whole, so its type, group and visibility stay as they are. " +
			"Destroy puts back the value the setting had before Terraform managed it.",
		Attributes: map[string]schema.Attribute{
			"id": stable("The key."),
			"key": schema.StringAttribute{Required: true, PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				MarkdownDescription: "The setting's key. Checked at plan: an unknown key is refused with the near ones this server has; read-only and deprecated ones are refused."},
			"value": schema.StringAttribute{Optional: true,
				MarkdownDescription: "The value, always a string (`\"true\"`, `\"30\"`). Checked at plan against the setting's type and choices."},
			"sensitive_value": schema.StringAttribute{Optional: true, Sensitive: true,
				MarkdownDescription: "The value of a setting that holds a secret (an LDAP or S3 password, a client secret), kept out of plans and logs. Exactly one of `value` and `sensitive_value`."},
		},
	}
}

func (r *settingResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(tfpath.MatchRoot("value"), tfpath.MatchRoot("sensitive_value"))}
}

// value is the configured value, from whichever attribute holds it.
func (m *settingModel) value() types.String {
	if !m.SensitiveValue.IsNull() {
		return m.SensitiveValue
	}
	return m.Value
}

// setValue puts the server's value where the configuration keeps it.
func (m *settingModel) setValue(v string) {
	m.ID = m.Key
	if !m.SensitiveValue.IsNull() {
		m.SensitiveValue = types.StringValue(v)
		return
	}
	m.Value = types.StringValue(v)
}

// ModifyPlan checks the key and the value against the server's setting.
func (r *settingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	plan, _, ok := planModels[settingModel](ctx, req, &resp.Diagnostics)
	if !ok || r.data == nil || plan.Key.IsUnknown() {
		return
	}
	ctx = r.data.requestContext(ctx)
	if !r.data.requireAdmin(ctx, "alist_setting", &resp.Diagnostics) {
		return
	}
	key := plan.Key.ValueString()
	item := r.data.settingItem(ctx, key, &resp.Diagnostics)
	if item == nil {
		return
	}
	at := tfpath.Root("value")
	if !plan.SensitiveValue.IsNull() {
		at = tfpath.Root("sensitive_value")
	}
	if summary, detail := unmanagedSetting(item); summary != "" {
		resp.Diagnostics.AddAttributeError(tfpath.Root("key"), summary, detail)
	}
	if v := plan.value(); !v.IsUnknown() {
		if err := checkSettingValue(item, v.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(at, "Invalid value for this setting", fmt.Sprintf("%q %s.", key, err))
		}
	}
	if !plan.Value.IsNull() && isSecret(key, plan.Value.ValueString(), item.Flag == alist.SettingPublic) {
		resp.Diagnostics.AddAttributeWarning(tfpath.Root("value"), "A secret in plain value",
			fmt.Sprintf("%q looks like a credential: in `value` it shows in plans and state in clear. Use `sensitive_value`.", key))
	}
}

// unmanagedSetting says why a setting is not one to manage (the admin
// token, a read-only or deprecated one), as a summary and a detail; ""
// when it is one. The resource refuses these, the list leaves them out.
func unmanagedSetting(item *alist.Setting) (summary, detail string) {
	switch {
	case item.Key == "token":
		return "The admin token is not a setting to manage",
			"`token` is the server's admin token, which the provider itself may be using. Rotate it in the web UI (Settings > Other > Reset token)."
	case item.Flag == alist.SettingReadOnly:
		return "A read-only setting", fmt.Sprintf("%q is read-only: the server sets it (and puts it back at each start).", item.Key)
	case item.Flag == alist.SettingDeprecated:
		return "A deprecated setting", fmt.Sprintf("%q is deprecated on this server: it no longer has any effect.", item.Key)
	}
	return "", ""
}

// checkSettingValue checks a value against its setting's type and choices.
func checkSettingValue(item *alist.Setting, v string) error {
	if item.Type == "select" && (item.Options == "" || item.Key == "default_role") {
		// choices the server computes: v3.62's default_role lists the
		// roles of now, not one this apply creates; the server checks it
		return nil
	}
	var choices []string
	if item.Options != "" {
		choices = strings.Split(item.Options, ",")
	}
	return valueError(item.Type, choices, v)
}

// privateOriginal is where the value before Terraform is kept, for Delete.
const privateOriginal = "original"

func saveOriginal(ctx context.Context, p privateSetter, value string) diag.Diagnostics {
	b, _ := json.Marshal(map[string]string{"value": value})
	return p.SetKey(ctx, privateOriginal, b)
}

// write sets the setting's value, sending the whole item back.
func (r *settingResource) write(ctx context.Context, key, value string) (*alist.Setting, error) {
	s := r.data.session
	item, err := s.Setting(ctx, key)
	if err != nil {
		return nil, err
	}
	item.Value = value
	if err := s.SaveSetting(ctx, item); err != nil {
		return nil, err
	}
	return s.Setting(ctx, key)
}

func (r *settingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer settingIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan settingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.requestContext(ctx)
	key := plan.Key.ValueString()
	before, err := r.data.session.Setting(ctx, key)
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Root("key"), "Cannot read the setting", err)
		return
	}
	resp.Diagnostics.Append(saveOriginal(ctx, resp.Private, before.Value)...)
	item, err := r.write(ctx, key, plan.value().ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Root("key"), "Cannot save the setting", err)
		return
	}
	plan.setValue(item.Value)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *settingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer settingIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	ctx, state, item, ok := readRow(ctx, r.data, req, resp, "setting", func(ctx context.Context, m *settingModel) (*alist.Setting, error) {
		return r.data.session.Setting(ctx, m.Key.ValueString())
	})
	if !ok {
		return
	}
	state.setValue(item.Value)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *settingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer settingIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan settingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	item, err := r.write(r.data.requestContext(ctx), plan.Key.ValueString(), plan.value().ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Root("key"), "Cannot save the setting", err)
		return
	}
	plan.setValue(item.Value)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete puts back the value the setting had when Terraform took it over.
func (r *settingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state settingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	raw, d := req.Private.GetKey(ctx, privateOriginal)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	var original struct{ Value *string }
	if len(raw) == 0 || json.Unmarshal(raw, &original) != nil || original.Value == nil {
		resp.Diagnostics.AddWarning("The setting keeps its value",
			fmt.Sprintf("The value %q had before Terraform is not known (state from an older provider), so the server keeps the current one.", state.Key.ValueString()))
		return
	}
	_, err := r.write(r.data.requestContext(ctx), state.Key.ValueString(), *original.Value)
	switch {
	case errors.Is(err, alist.ErrBadRequest):
		// The server no longer takes the old value (v3.62 refuses "guest"
		// as default_role, its own initial value): nothing to put back.
		resp.Diagnostics.AddWarning("The setting keeps its value",
			fmt.Sprintf("The server refused to put %q back to %q (%s); it keeps the value Terraform set.", state.Key.ValueString(), *original.Value, err))
	case err != nil && !errors.Is(err, alist.ErrNotFound):
		addAPIError(&resp.Diagnostics, tfpath.Root("key"), "Cannot put the setting's value back", err)
	}
}

// ImportState takes the key. A secret's value (settingSecret) goes to
// sensitive_value; the current value is what destroy puts back.
func (r *settingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	key := settingIdentity.importName(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	item, err := r.data.session.Setting(r.data.requestContext(ctx), key)
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot find the setting to import", err)
		return
	}
	m := importedSetting(item)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(settingIdentity.set(ctx, resp.Identity, item.Key)...)
	resp.Diagnostics.Append(saveOriginal(ctx, resp.Private, item.Value)...)
}

// importedSetting is the setting as an import puts it in state: its value
// in sensitive_value when it is a secret (settingSecret), else in value.
func importedSetting(item *alist.Setting) settingModel {
	m := settingModel{ID: types.StringValue(item.Key), Key: types.StringValue(item.Key), Value: types.StringNull(), SensitiveValue: types.StringNull()}
	if settingSecret(item) {
		m.SensitiveValue = types.StringValue(item.Value)
	} else {
		m.Value = types.StringValue(item.Value)
	}
	return m
}
