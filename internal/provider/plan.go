package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// planModels reads what a ModifyPlan works on: the planned model and, for
// a resource that exists, its state (nil on create). ok is false on a
// destroy, or when either could not be read.
func planModels[M any](ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) (plan, state *M, ok bool) {
	if req.Plan.Raw.IsNull() {
		return nil, nil, false // destroy
	}
	plan = new(M)
	diags.Append(req.Plan.Get(ctx, plan)...)
	if !req.State.Raw.IsNull() {
		state = new(M)
		diags.Append(req.State.Get(ctx, state)...)
	}
	return plan, state, !diags.HasError()
}
