package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// importByPath imports a resource whose id is its remote path, named by the
// import ID or by the identity's path: it checks the path, sets id, path
// and the identity, and gives the attributes that live in state alone
// their defaults. what and example describe the object for the error.
func importByPath(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse, id identity, what, example string, defaults map[string]any) {
	p := id.importName(ctx, req, &resp.Diagnostics)
	if err := alist.ValidatePath(p); err != nil {
		id.refuseImport(&resp.Diagnostics, p, fmt.Sprintf("the %s's absolute path on the AList site, e.g. %s (%s)", what, example, err))
		return
	}
	for attr, v := range defaults {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), v)...)
	}
	for _, attr := range []string{"id", "path"} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), p)...)
	}
	resp.Diagnostics.Append(id.set(ctx, resp.Identity, p)...)
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
