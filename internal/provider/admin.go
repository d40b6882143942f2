package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// Pieces shared by the resources of AList's admin API (storages, metas).

// requireAdmin reports whether the provider's account is an admin. If it is
// not, it adds one error that names the resource type and the account,
// instead of letting each admin call fail with a bare 403.
func (d *providerData) requireAdmin(ctx context.Context, typeName string, diags *diag.Diagnostics) bool {
	me, err := d.session.CachedMe(ctx)
	if err != nil {
		addAPIError(diags, tfpath.Empty(), "Cannot read the provider's AList account", err)
		return false
	}
	if me.IsAdmin() {
		return true
	}
	diags.AddError(typeName+" needs an AList admin account",
		fmt.Sprintf("%s is managed through AList's admin API, which answers admins only, and the provider is signed in as %q, which is not an admin.\n\n%s",
			typeName, me.Username, adminAdvice))
	return false
}

// adminAdvice is the one wording of how to get an admin session.
const adminAdvice = "Configure the provider with an admin's `username` and `password`, or with the admin `token` (AList's Settings > Other page). " +
	"To keep a least-privilege account for files, give the admin resources their own provider block with an alias."

// serverInfo is the server's version and dialect (asked once per run); ok
// is false, with the error added, when it cannot be read.
func (d *providerData) serverInfo(ctx context.Context, diags *diag.Diagnostics) (alist.ServerInfo, bool) {
	info, err := d.session.Info(ctx)
	if err != nil {
		addAPIError(diags, tfpath.Empty(), "Cannot read the server's version", err)
		return info, false
	}
	return info, true
}

// driverInfo is a driver's field list, asked once per run; an unknown driver
// is an error on `driver` that lists the server's drivers.
func (d *providerData) driverInfo(ctx context.Context, name string, diags *diag.Diagnostics) *alist.DriverInfo {
	info, err := d.session.Driver(ctx, name)
	if err == nil {
		return info
	}
	if !errors.Is(err, alist.ErrNotFound) {
		addAPIError(diags, tfpath.Root("driver"), "Cannot read the driver's settings", err)
		return nil
	}
	names, nerr := d.session.DriverNames(ctx)
	if nerr != nil {
		addAPIError(diags, tfpath.Root("driver"), "Unknown storage driver", err)
		return nil
	}
	diags.AddAttributeError(tfpath.Root("driver"), "Unknown storage driver",
		fmt.Sprintf("This server has no driver %q.%s Its drivers (names are case-sensitive): %s.", name, didYouMean(name, names), strings.Join(names, ", ")))
	return nil
}

// didYouMean suggests the names that differ from s only in case or spacing.
func didYouMean(s string, names []string) string {
	fold := func(x string) string {
		return strings.ToLower(strings.NewReplacer(" ", "", "_", "", "-", "").Replace(x))
	}
	var near []string
	for _, n := range names {
		if fold(n) == fold(s) || len(s) >= 3 && strings.Contains(fold(n), fold(s)) {
			near = append(near, fmt.Sprintf("%q", n))
		}
	}
	if len(near) == 0 || len(near) > 5 {
		return ""
	}
	return " Did you mean " + strings.Join(near, " or ") + "?"
}

// readRow starts the Read of an admin resource: its state, then the row
// the state names. A row gone from the server removes the resource, so
// that the next plan creates it again. ok is false when Read is done.
func readRow[M, R any](ctx context.Context, d *providerData, req resource.ReadRequest, resp *resource.ReadResponse,
	what string, get func(context.Context, *M) (*R, error)) (context.Context, *M, *R, bool) {
	state := new(M)
	resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	if resp.Diagnostics.HasError() {
		return ctx, nil, nil, false
	}
	ctx = d.requestContext(ctx)
	row, err := get(ctx, state)
	if errors.Is(err, alist.ErrNotFound) {
		resp.State.RemoveResource(ctx)
		return ctx, nil, nil, false
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot read the "+what, err)
		return ctx, nil, nil, false
	}
	return ctx, state, row, true
}

// deleteFailed reports a failed delete; a row already gone is deleted.
func deleteFailed(diags *diag.Diagnostics, attr tfpath.Path, what string, err error) {
	if err != nil && !errors.Is(err, alist.ErrNotFound) {
		addAPIError(diags, attr, "Cannot delete the "+what, err)
	}
}
