package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// ModifyPlan checks a storage against the server before anything is sent:
// an admin account, a driver the server has, the driver's settings, and
// the storage fields this server and driver have. A new storage's
// unset fields are planned with the driver's defaults.
func (r *storageResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	plan, state, ok := planModels[storageModel](ctx, req, &resp.Diagnostics)
	if !ok || r.data == nil || plan.Driver.IsUnknown() {
		return
	}
	ctx = r.data.requestContext(ctx)
	if !r.data.requireAdmin(ctx, "alist_storage", &resp.Diagnostics) {
		return
	}
	info := r.data.driverInfo(ctx, plan.Driver.ValueString(), &resp.Diagnostics)
	if info == nil {
		return
	}
	var config storageModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	driver := plan.Driver.ValueString()
	if secrets := config.secrets(); !config.Addition.IsUnknown() && !secrets.IsUnknown() {
		addition := configMap(config.Addition)
		for _, p := range checkAddition(driver, info, addition, configMap(secrets), config.secretsAttr(), state == nil) {
			at := tfpath.Root(p.attr)
			if p.key != "" {
				at = at.AtMapKey(p.key)
			}
			resp.Diagnostics.AddAttributeError(at, "Invalid driver setting", p.msg)
		}
		warnSecretsInAddition(addition, &resp.Diagnostics)
	}
	settings := config.settings()
	var held map[string]attr.Value
	if state != nil {
		held = state.settings()
	}
	for _, st := range storageSettings {
		checkSetting(st, settings[st.name], held[st.name], driver, info, &resp.Diagnostics)
	}
	if state == nil && !resp.Diagnostics.HasError() {
		warnPeerDriver(ctx, r.data.session, &alist.Storage{Driver: driver, MountPath: plan.MountPath.ValueString()}, &resp.Diagnostics)
		planDefaults(ctx, plan, info, resp)
	}
}

// secrets is the configured secret settings: sensitive_addition, or the
// write-only sensitive_addition_wo (a configuration's, at plan and apply:
// the one place it is not null).
func (m *storageModel) secrets() types.Map {
	if !m.SensitiveAdditionWO.IsNull() {
		return m.SensitiveAdditionWO
	}
	return m.SensitiveAddition
}

// secretsAttr names the attribute secrets come from, for messages.
func (m *storageModel) secretsAttr() string {
	if !m.SensitiveAdditionWO.IsNull() {
		return "sensitive_addition_wo"
	}
	return "sensitive_addition"
}

// configMap is a configured map whose values may not be known yet (taken
// from another resource): nil stands for an unknown value.
func configMap(v types.Map) map[string]*string {
	out := map[string]*string{}
	for k, el := range v.Elements() {
		s, ok := el.(types.String)
		if !ok || s.IsUnknown() {
			out[k] = nil
			continue
		}
		val := s.ValueString()
		out[k] = &val
	}
	return out
}

// settings are the model's storage fields by attribute name.
func (m *storageModel) settings() map[string]attr.Value {
	return map[string]attr.Value{
		"remark": m.Remark, "order": m.Order, "cache_expiration": m.CacheExpiration, "web_proxy": m.WebProxy,
		"webdav_policy": m.WebdavPolicy, "down_proxy_url": m.DownProxyURL, "enable_sign": m.EnableSign,
		"order_by": m.OrderBy, "order_direction": m.OrderDirection, "extract_folder": m.ExtractFolder,
		"proxy_range": m.ProxyRange, "disable_index": m.DisableIndex, "down_proxy_sign": m.DownProxySign,
		"disable_proxy_sign": m.DisableProxySign, "custom_cache_policies": m.CustomCachePolicies,
	}
}

// checkSetting refuses a storage field set to anything but its zero value
// when the driver does not show it on this server: a field of another
// version (down_proxy_sign outside v3.62), or one the driver has no use for
// (custom_cache_policies on a driver without a cache). The zero value is
// let through, because an imported storage's generated configuration holds
// every field. cache_expiration is exempt: servers keep it for every
// storage, whether the driver caches or not. A select is checked against
// the driver's own choices, unless it is the value the storage already
// has (the server checks none: an imported storage may hold another).
func checkSetting(st storageSetting, v, held attr.Value, driver string, info *alist.DriverInfo, diags *diag.Diagnostics) {
	if v.IsNull() || v.IsUnknown() || held != nil && v.Equal(held) {
		return
	}
	item, shown := info.CommonField(st.name)
	at := tfpath.Root(st.name)
	if !shown && st.name != "cache_expiration" && !isZero(v) {
		diags.AddAttributeError(at, "Not a setting of this server or driver",
			fmt.Sprintf("The %s driver on this server has no `%s` (%s) Leave it out.", driver, st.name, st.desc))
		return
	}
	if sv, ok := v.(types.String); ok && shown && item.Type == "select" && sv.ValueString() != "" {
		if _, err := additionJSON(item, sv.ValueString()); err != nil {
			diags.AddAttributeError(at, "Invalid value for this driver", fmt.Sprintf("For the %s driver, `%s` %s.", driver, st.name, err))
		}
	}
}

func isZero(v attr.Value) bool {
	switch v := v.(type) {
	case types.String:
		return v.ValueString() == ""
	case types.Bool:
		return !v.ValueBool()
	case types.Int64:
		return v.ValueInt64() == 0
	}
	return false
}

// planDefaults plans a new storage's unset fields with the defaults the
// driver gives the web UI, which is what the provider sends. Fields the
// driver does not show stay unknown: the server decides them.
func planDefaults(ctx context.Context, plan *storageModel, info *alist.DriverInfo, resp *resource.ModifyPlanResponse) {
	planned := plan.settings()
	for _, st := range storageSettings {
		item, shown := info.CommonField(st.name)
		if !shown || !planned[st.name].IsUnknown() {
			continue
		}
		var v any
		switch st.kind {
		case "bool":
			v = item.Default == "true"
		case "int":
			n, _ := strconv.ParseInt(item.Default, 10, 64)
			v = n
		default:
			v = item.Default
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, tfpath.Root(st.name), v)...)
	}
}

// warnSecretsInAddition points secrets to the secret attributes.
func warnSecretsInAddition(addition map[string]*string, diags *diag.Diagnostics) {
	for k, v := range addition {
		value := "" // unknown
		if v != nil {
			value = *v
		}
		if isSecret(k, value, false) {
			diags.AddAttributeWarning(pathAddition.AtMapKey(k), "A secret in plain addition",
				fmt.Sprintf("%q looks like a credential: in `addition` it shows in plans and state in clear. Move it to `sensitive_addition_wo` (never stored in the state) or `sensitive_addition`.", k))
		}
	}
}
