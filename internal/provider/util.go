package provider

import (
	"context"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// hashInfoValue is a storage's hashes as a map attribute: empty, not null,
// when the storage keeps none.
func hashInfoValue(ctx context.Context, hi map[string]string) (types.Map, diag.Diagnostics) {
	if hi == nil {
		hi = map[string]string{}
	}
	return types.MapValueFrom(ctx, types.StringType, hi)
}

// importHint tells how to bring an existing object at p under Terraform.
func importHint(p string) string {
	return "To manage it, import it:\n    terraform import <resource address> " + shellQuote(p) +
		"\nor add an import block:\n    import {\n      to = <resource address>\n      id = " + strconv.Quote(p) + "\n    }\n"
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	safe := func(r rune) bool {
		return r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	if strings.IndexFunc(s, func(r rune) bool { return !safe(r) }) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func itoa(i int) string { return strconv.Itoa(i) }

// emptyPath marks a diagnostic that belongs to no attribute.
var emptyPath = path.Empty()
