package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// Pieces shared by the resources of AList's admin API (storages, metas).

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

// updateRow updates a row the server takes only whole (it resets whatever
// an update leaves out): it reads the row, lets overlay put the plan on it,
// sends it, and reads it back. nil, with the error added, when that fails.
func updateRow[R any](ctx context.Context, what string, id uint, get func(context.Context, uint) (*R, error),
	overlay func(*R), update func(context.Context, *R) error, diags *diag.Diagnostics) *R {
	row, err := get(ctx, id)
	if err != nil {
		addAPIError(diags, tfpath.Empty(), "Cannot read the "+what+" before updating it", err)
		return nil
	}
	if overlay(row); diags.HasError() {
		return nil
	}
	if err := update(ctx, row); err != nil {
		addAPIError(diags, tfpath.Empty(), "Cannot update the "+what, err)
		return nil
	}
	if row, err = get(ctx, id); err != nil {
		addAPIError(diags, tfpath.Empty(), "Cannot read the "+what+" after updating it", err)
		return nil
	}
	return row
}

// deleteFailed reports a failed delete; a row already gone is deleted.
func deleteFailed(diags *diag.Diagnostics, attr tfpath.Path, what string, err error) {
	if err != nil && !errors.Is(err, alist.ErrNotFound) {
		addAPIError(diags, attr, "Cannot delete the "+what, err)
	}
}
