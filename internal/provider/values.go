package provider

import (
	"context"
	"time"

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
