package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

type storageModel struct {
	storageFields
	SensitiveAddition   types.Map   `tfsdk:"sensitive_addition"`
	SensitiveAdditionWO types.Map   `tfsdk:"sensitive_addition_wo"` // null except when read from the config
	SensitiveWOVersion  types.Int64 `tfsdk:"sensitive_addition_wo_version"`
}

// storageFields are a storage's attributes but the secrets: what the
// alist_storages data source lists of each, under the same names.
type storageFields struct {
	ID                  types.String `tfsdk:"id"`
	MountPath           types.String `tfsdk:"mount_path"`
	Driver              types.String `tfsdk:"driver"`
	Addition            types.Map    `tfsdk:"addition"`
	Remark              types.String `tfsdk:"remark"`
	Order               types.Int64  `tfsdk:"order"`
	CacheExpiration     types.Int64  `tfsdk:"cache_expiration"`
	WebProxy            types.Bool   `tfsdk:"web_proxy"`
	WebdavPolicy        types.String `tfsdk:"webdav_policy"`
	DownProxyURL        types.String `tfsdk:"down_proxy_url"`
	EnableSign          types.Bool   `tfsdk:"enable_sign"`
	OrderBy             types.String `tfsdk:"order_by"`
	OrderDirection      types.String `tfsdk:"order_direction"`
	ExtractFolder       types.String `tfsdk:"extract_folder"`
	ProxyRange          types.Bool   `tfsdk:"proxy_range"`
	Disabled            types.Bool   `tfsdk:"disabled"`
	DisableIndex        types.Bool   `tfsdk:"disable_index"`
	DownProxySign       types.Bool   `tfsdk:"down_proxy_sign"`
	DisableProxySign    types.Bool   `tfsdk:"disable_proxy_sign"`
	CustomCachePolicies types.String `tfsdk:"custom_cache_policies"`
	Status              types.String `tfsdk:"status"`
}

// fill sets the model from a storage row. addition keeps the keys the model
// had (imported: every non-secret driver field); sensitive_addition is never
// read back: drivers rewrite their secrets (refreshed tokens), and the
// configured value is what Terraform compares.
func (m *storageModel) fill(ctx context.Context, st *alist.Storage, info *alist.DriverInfo, imported bool, echo map[string]string) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = idValue(st.ID)
	m.MountPath, m.Driver = types.StringValue(st.MountPath), types.StringValue(st.Driver)
	m.Remark, m.Order, m.CacheExpiration = types.StringValue(st.Remark), types.Int64Value(st.Order), types.Int64Value(st.CacheExpiration)
	m.WebProxy, m.WebdavPolicy, m.DownProxyURL = types.BoolValue(st.WebProxy), types.StringValue(st.WebdavPolicy), types.StringValue(st.DownProxyURL)
	m.EnableSign, m.ProxyRange, m.Disabled = types.BoolValue(st.EnableSign), types.BoolValue(st.ProxyRange), types.BoolValue(st.Disabled)
	m.OrderBy, m.OrderDirection, m.ExtractFolder = types.StringValue(st.OrderBy), types.StringValue(st.OrderDirection), types.StringValue(st.ExtractFolder)
	m.DisableIndex, m.DownProxySign = versionBool(m.DisableIndex, st.DisableIndex), versionBool(m.DownProxySign, st.DownProxySign)
	m.DisableProxySign = versionBool(m.DisableProxySign, st.DisableProxySign)
	m.CustomCachePolicies = versionString(m.CustomCachePolicies, st.CustomCachePolicies)
	m.Status = types.StringValue(st.Status)

	server, err := st.AdditionMap()
	if err != nil {
		diags.AddAttributeWarning(pathAddition, "The storage's addition is not valid JSON",
			"The server holds an addition that does not decode ("+err.Error()+"); it is shown as empty.")
	}
	if !imported && m.Addition.IsNull() {
		return diags // none configured: none compared
	}
	prior := map[string]string{}
	diags.Append(m.Addition.ElementsAs(ctx, &prior, false)...)
	m.Addition = mapValue(ctx, readAddition(info, server, prior, echo, imported), &diags)
	return diags
}

// privateEcho keeps echoOf from the last create or update, for reads.
const privateEcho = "addition_echo"

// sentEcho is what the server made of the configured addition just sent.
func sentEcho(ctx context.Context, st *alist.Storage, addition types.Map, diags *diag.Diagnostics) map[string]string {
	server, err := st.AdditionMap()
	if err != nil {
		return nil
	}
	return echoOf(server, stringMap(ctx, addition, diags))
}

func saveEcho(ctx context.Context, p privateSetter, echo map[string]string, diags *diag.Diagnostics) {
	b, _ := json.Marshal(echo)
	diags.Append(p.SetKey(ctx, privateEcho, b)...)
}

func loadEcho(ctx context.Context, p privateState, diags *diag.Diagnostics) map[string]string {
	raw, d := p.GetKey(ctx, privateEcho)
	diags.Append(d...)
	echo := map[string]string{}
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &echo) // an unreadable echo only loses the rewrite tolerance
	}
	return echo
}

// versionBool is a field some versions lack: null where the server has
// none, except that a configured false stays false (the zero value a
// configuration generated on another version holds, accepted everywhere).
func versionBool(prior types.Bool, server *bool) types.Bool {
	if server != nil {
		return types.BoolValue(*server)
	}
	if !prior.IsNull() && !prior.IsUnknown() && !prior.ValueBool() {
		return prior
	}
	return types.BoolNull()
}

func versionString(prior types.String, server *string) types.String {
	if server != nil {
		return types.StringValue(*server)
	}
	if !prior.IsNull() && !prior.IsUnknown() && prior.ValueString() == "" {
		return prior
	}
	return types.StringNull()
}

// overlay lays the model's known values over a row read from the server,
// so that an update sends the whole row back with only the planned changes.
// disabled is left as the row has it: it changes through enable/disable.
func (m *storageModel) overlay(st *alist.Storage) {
	st.MountPath = alist.NormalizeMountPath(m.MountPath.ValueString())
	st.Driver = m.Driver.ValueString()
	setString(&st.Remark, m.Remark)
	setInt(&st.Order, m.Order)
	setInt(&st.CacheExpiration, m.CacheExpiration)
	setBool(&st.WebProxy, m.WebProxy)
	setString(&st.WebdavPolicy, m.WebdavPolicy)
	setString(&st.DownProxyURL, m.DownProxyURL)
	setBool(&st.EnableSign, m.EnableSign)
	setString(&st.OrderBy, m.OrderBy)
	setString(&st.OrderDirection, m.OrderDirection)
	setString(&st.ExtractFolder, m.ExtractFolder)
	setBool(&st.ProxyRange, m.ProxyRange)
	setBoolPtr(&st.DisableIndex, m.DisableIndex)
	setBoolPtr(&st.DownProxySign, m.DownProxySign)
	setBoolPtr(&st.DisableProxySign, m.DisableProxySign)
	setStringPtr(&st.CustomCachePolicies, m.CustomCachePolicies)
}
