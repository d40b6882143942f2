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
	ValueWO        types.String `tfsdk:"value_wo"` // null except when read from the config
	ValueWOVersion types.Int64  `tfsdk:"value_wo_version"`
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
				MarkdownDescription: "The value of a setting that holds a secret (an LDAP or S3 password, a client secret), kept out of plans and logs. Exactly one of `value`, `sensitive_value` and `value_wo`. " +
					writeOnlyTradeOff("sensitive_value", "value_wo")},
			"value_wo": writeOnlyString("The value, **write-only**: sent on create and when `value_wo_version` changes, never stored in the plan or the state. " +
				"The recommended form for a setting that holds a secret. Checked at plan against the setting's type and choices. " +
				"Refused for a public setting (one the server shows to anyone without signing in): there is nothing to hide, and `value` keeps drift visible. " +
				"Allowed for any other setting, since only the admin knows every secret a value may hold. Drift: each plan compares `value_wo` with the server's value " +
				"without keeping either, and warns when they differ (a change made in the web UI): change `value_wo_version` to send it again. " +
				"Destroy puts back the value from before Terraform, except a secret one, which `value_wo` does not keep in the (private) state either: the server then keeps the value Terraform set."),
			"value_wo_version": writeOnlyVersion("value_wo", "Any number: changing it sends `value_wo` again, in place. Only with `value_wo`."),
		},
	}
}

func (r *settingResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(tfpath.MatchRoot("value"), tfpath.MatchRoot("sensitive_value"), tfpath.MatchRoot("value_wo"))}
}

// value is the configured value, from whichever attribute holds it
// (value_wo: once read from the configuration).
func (m *settingModel) value() types.String {
	switch {
	case !m.ValueWO.IsNull():
		return m.ValueWO
	case !m.SensitiveValue.IsNull():
		return m.SensitiveValue
	}
	return m.Value
}

// valueAttr names the attribute value comes from.
func (m *settingModel) valueAttr() tfpath.Path {
	switch {
	case !m.ValueWO.IsNull():
		return tfpath.Root("value_wo")
	case !m.SensitiveValue.IsNull():
		return tfpath.Root("sensitive_value")
	}
	return tfpath.Root("value")
}

// setValue puts the server's value where the configuration keeps it:
// nowhere for value_wo (both others null).
func (m *settingModel) setValue(v string) {
	m.ID = m.Key
	m.ValueWO = types.StringNull()
	switch {
	case !m.SensitiveValue.IsNull():
		m.SensitiveValue = types.StringValue(v)
	case !m.Value.IsNull():
		m.Value = types.StringValue(v)
	}
}

// ModifyPlan checks the key and the value against the server's setting.
func (r *settingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	plan, state, ok := planModels[settingModel](ctx, req, &resp.Diagnostics)
	if !ok || r.data == nil || plan.Key.IsUnknown() {
		return
	}
	configWriteOnly(ctx, req.Config, "value_wo", &plan.ValueWO, &resp.Diagnostics)
	ctx = r.data.requestContext(ctx)
	if !r.data.requireAdmin(ctx, "alist_setting", &resp.Diagnostics) {
		return
	}
	key := plan.Key.ValueString()
	item := r.data.settingItem(ctx, key, &resp.Diagnostics)
	if item == nil {
		return
	}
	at := plan.valueAttr()
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
			fmt.Sprintf("%q looks like a credential: in `value` it shows in plans and state in clear. Use `value_wo` (never stored in the state) or `sensitive_value`.", key))
	}
	if plan.ValueWO.IsNull() {
		return
	}
	if item.Flag == alist.SettingPublic {
		resp.Diagnostics.AddAttributeError(at, "A public setting",
			fmt.Sprintf("%q is public: the server shows it to anyone without signing in, so keeping it out of the state hides nothing and loses drift detection. Use `value`.", key))
	}
	if state != nil && !plan.ValueWO.IsUnknown() && item.Value != plan.ValueWO.ValueString() && !resendWriteOnly(plan.ValueWOVersion, &state.ValueWOVersion) {
		// Compared, never kept: Terraform cannot plan a change of it.
		resp.Diagnostics.AddAttributeWarning(at, "The server's value differs from value_wo",
			fmt.Sprintf("%q holds another value than `value_wo` (changed outside Terraform?). A write-only value cannot show in a plan: change `value_wo_version` to send it again.", key))
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

// saveOriginal keeps the setting's value from before Terraform, except, if
// withhold, a secret one (settingSecret), which would put a secret in the
// state file: destroy then keeps the value Terraform set.
func saveOriginal(ctx context.Context, p privateSetter, item *alist.Setting, withhold bool) diag.Diagnostics {
	var b []byte
	if withhold && item.Value != "" && settingSecret(item) {
		b, _ = json.Marshal(map[string]bool{"withheld": true})
	} else {
		b, _ = json.Marshal(map[string]string{"value": item.Value})
	}
	return p.SetKey(ctx, privateOriginal, b)
}

// withholdOriginal drops the value from before Terraform from private
// state (which the state file holds) when value_wo manages a setting and
// that value was a secret (settingSecret): destroy then keeps the value.
func withholdOriginal(ctx context.Context, prior privateState, p privateSetter, item *alist.Setting) diag.Diagnostics {
	raw, diags := prior.GetKey(ctx, privateOriginal)
	var original struct{ Value *string }
	if len(raw) > 0 && json.Unmarshal(raw, &original) == nil && original.Value != nil {
		diags.Append(saveOriginal(ctx, p, &alist.Setting{Key: item.Key, Value: *original.Value, Flag: item.Flag}, true)...)
	}
	return diags
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
	configWriteOnly(ctx, req.Config, "value_wo", &plan.ValueWO, &resp.Diagnostics)
	resp.Diagnostics.Append(saveOriginal(ctx, resp.Private, before, !plan.ValueWO.IsNull())...)
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
	var plan, state settingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	configWriteOnly(ctx, req.Config, "value_wo", &plan.ValueWO, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.requestContext(ctx)
	if !plan.ValueWO.IsNull() {
		// value_wo goes again when its version changed, or when the state
		// still holds a value (from value or sensitive_value before).
		item, err := r.data.session.Setting(ctx, plan.Key.ValueString())
		if err != nil {
			addAPIError(&resp.Diagnostics, tfpath.Root("key"), "Cannot read the setting", err)
			return
		}
		resp.Diagnostics.Append(withholdOriginal(ctx, req.Private, resp.Private, item)...)
		if !resendWriteOnly(plan.ValueWOVersion, &state.ValueWOVersion) && state.Value.IsNull() && state.SensitiveValue.IsNull() {
			plan.setValue(item.Value)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			return
		}
	}
	item, err := r.write(ctx, plan.Key.ValueString(), plan.value().ValueString())
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
	var original struct {
		Value    *string
		Withheld bool
	}
	if len(raw) > 0 && json.Unmarshal(raw, &original) == nil && original.Withheld {
		resp.Diagnostics.AddWarning("The setting keeps its value",
			fmt.Sprintf("The value %q had before Terraform was a secret, which `value_wo` keeps out of the state, so the server keeps the value Terraform set. Set it in the web UI if needed.", state.Key.ValueString()))
		return
	}
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

// ImportState takes the key. A secret's value (settingSecret) is never
// read into the state; the current value is what destroy puts back, unless
// it is a secret.
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
	// A secret's value stays on the server: the configuration gives it
	// (value_wo or sensitive_value), and the first apply sends it.
	m.SensitiveValue = types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(settingIdentity.set(ctx, resp.Identity, item.Key)...)
	resp.Diagnostics.Append(saveOriginal(ctx, resp.Private, item, true)...)
}

// importedSetting is the setting as a list result holds it: its value in
// sensitive_value when it is a secret (settingSecret), for withoutSecrets
// to leave out by name, else in value. An import leaves the secret out.
func importedSetting(item *alist.Setting) settingModel {
	m := settingModel{ID: types.StringValue(item.Key), Key: types.StringValue(item.Key), Value: types.StringNull(), SensitiveValue: types.StringNull(),
		ValueWO: types.StringNull(), ValueWOVersion: types.Int64Null()}
	if settingSecret(item) {
		m.SensitiveValue = types.StringValue(item.Value)
	} else {
		m.Value = types.StringValue(item.Value)
	}
	return m
}
