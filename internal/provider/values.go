package provider

import (
	"context"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Conversions from the client's values to Terraform's, shared by the models.

// hashInfoValue is a storage's hashes as a map attribute: empty, not null,
// when the storage keeps none.
func hashInfoValue(ctx context.Context, hi map[string]string) (types.Map, diag.Diagnostics) {
	if hi == nil {
		hi = map[string]string{}
	}
	return types.MapValueFrom(ctx, types.StringType, hi)
}

// timeString is a server time as RFC 3339 with nanoseconds; "" for none.
func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func setString(dst *string, v types.String) {
	if !v.IsNull() && !v.IsUnknown() {
		*dst = v.ValueString()
	}
}

func setInt(dst *int64, v types.Int64) {
	if !v.IsNull() && !v.IsUnknown() {
		*dst = v.ValueInt64()
	}
}

func setBool(dst *bool, v types.Bool) {
	if !v.IsNull() && !v.IsUnknown() {
		*dst = v.ValueBool()
	}
}

func setBoolPtr(dst **bool, v types.Bool) {
	if !v.IsNull() && !v.IsUnknown() {
		b := v.ValueBool()
		*dst = &b
	}
}

func setStringPtr(dst **string, v types.String) {
	if !v.IsNull() && !v.IsUnknown() {
		s := v.ValueString()
		*dst = &s
	}
}

// stringMap is a known map attribute's elements; nil for null or unknown.
func stringMap(ctx context.Context, v types.Map, diags *diag.Diagnostics) map[string]string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	m := map[string]string{}
	diags.Append(v.ElementsAs(ctx, &m, false)...)
	return m
}

func mapValue(ctx context.Context, m map[string]string, diags *diag.Diagnostics) types.Map {
	v, d := types.MapValueFrom(ctx, types.StringType, m)
	diags.Append(d...)
	return v
}

// knownStrings is a known set's elements; nil when null or unknown.
func knownStrings(ctx context.Context, v types.Set, diags *diag.Diagnostics) []string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	out := []string{}
	diags.Append(v.ElementsAs(ctx, &out, false)...)
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// stringValues is a list attribute's elements, never nil.
func stringValues(ss []string) []types.String {
	out := make([]types.String, len(ss))
	for i, s := range ss {
		out[i] = types.StringValue(s)
	}
	return out
}

// rowID is the server's row id that a resource's `id` holds as a string (0
// before the row exists).
func rowID(id types.String) uint {
	n, _ := strconv.ParseUint(id.ValueString(), 10, 64)
	return uint(n)
}

// idValue is a row id as `id` holds it.
func idValue(id uint) types.String { return types.StringValue(strconv.FormatUint(uint64(id), 10)) }

// fileMapOf is a large map of strings as a Go map, read directly (""
// for a null or unknown element; empty for a null or unknown map).
func fileMapOf(m types.Map) map[string]string {
	out := make(map[string]string, len(m.Elements()))
	for k, v := range m.Elements() {
		if s, ok := v.(types.String); ok {
			out[k] = s.ValueString()
		}
	}
	return out
}

// fileMapValue is a map of strings, built directly: thousands of
// elements through the framework's reflection cost more than the rest of a
// plan.
func fileMapValue(files map[string]string) types.Map {
	elems := make(map[string]attr.Value, len(files))
	for k, v := range files {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}
