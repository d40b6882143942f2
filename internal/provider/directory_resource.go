package provider

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var (
	_ resource.ResourceWithConfigure   = (*directoryResource)(nil)
	_ resource.ResourceWithImportState = (*directoryResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*directoryResource)(nil)
)

type directoryResource struct{ resourceBase }

func newDirectoryResource() resource.Resource { return &directoryResource{} }

type directoryResourceModel struct {
	ID              types.String `tfsdk:"id"`
	Path            types.String `tfsdk:"path"`
	AdoptExisting   types.Bool   `tfsdk:"adopt_existing"`
	ForceDestroy    types.Bool   `tfsdk:"force_destroy"`
	Name            types.String `tfsdk:"name"`
	Modified        types.String `tfsdk:"modified"`
	Created         types.String `tfsdk:"created"`
	StorageProvider types.String `tfsdk:"storage_provider"`
}

func (r *directoryResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_directory"
	pathIdentity.behavior(resp)
}

func (r *directoryResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A folder on the AList server, created with its missing parents. A folder deleted outside Terraform is planned for creation.",
		Attributes: map[string]schema.Attribute{
			"id":   stable("The folder's path, as `path`."),
			"path": remotePath("Absolute path of the folder, e.g. `/local/releases`. " + movedNote("folder, with everything in it,") + " " + basePathNote),
			"adopt_existing": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "On create, manage a folder that already exists instead of failing with the `terraform import` command. " +
					"Default `false`. Changing it changes nothing on the server.",
			},
			"force_destroy": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "On destroy, delete the folder even when it is not empty, with everything in it. With the default `false` " +
					"destroying a non-empty folder fails and lists what is inside. Changing it changes nothing on the server. " +
					"The check goes by the server's listing: on a storage that hides dot files (Local with `show_hidden` off) a folder holding only names " +
					"that start with `.` looks empty, and the server deletes them with it.",
			},
			"name":             stable("The folder's base name."),
			"modified":         stable("Modification time the server reports (RFC 3339)."),
			"created":          stable("Creation time the server reports (RFC 3339)."),
			"storage_provider": stable("The storage driver holding the folder, as AList's `provider` field reports it."),
		},
	}
}

// ModifyPlan warns when a new folder's path repeats the account's base
// path, and plans a new path as a move or a replacement.
func (r *directoryResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	plan, state, ok := planModels[directoryResourceModel](ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	if state == nil {
		var id types.String
		r.data.planPath(ctx, &id, plan.Path, true, &resp.Diagnostics)
		return
	}
	if !r.data.planMove(ctx, state.Path, plan.Path, false, resp) { // move.go
		return
	}
	plan.ID, plan.Name = plan.Path, types.StringValue(path.Base(plan.Path.ValueString()))
	// Kept by the servers' Local storage, but not promised by every driver.
	plan.Modified, plan.Created = types.StringUnknown(), types.StringUnknown()
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

func (r *directoryResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer pathIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan directoryResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.requestContext(ctx)
	s, p := r.data.session, plan.Path.ValueString()
	existing, err := s.Get(ctx, p, "")
	switch {
	case errors.Is(err, alist.ErrNotFound):
		if err := s.Mkdir(ctx, p); err != nil {
			addAPIError(&resp.Diagnostics, tfpath.Root("path"), "Cannot create the folder", err)
			return
		}
	case err != nil:
		addAPIError(&resp.Diagnostics, tfpath.Root("path"), "Cannot check whether the folder exists", err)
		return
	case !existing.IsDir:
		resp.Diagnostics.AddAttributeError(tfpath.Root("path"), "A file exists at this path",
			fmt.Sprintf("%q is a file on the server, so no folder can be created there. Choose another path or remove the file.", p))
		return
	case !plan.AdoptExisting.ValueBool():
		resp.Diagnostics.AddAttributeError(tfpath.Root("path"), "The folder already exists",
			fmt.Sprintf("A folder already exists at %q and Terraform does not manage it.\n\n%s\nOr set adopt_existing = true.", p, importHint(p)))
		return
	}
	obj, err := s.FreshGet(ctx, p, nil)
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Root("path"), "Cannot read the new folder", err)
		return
	}
	r.data.warnBasePath(ctx, tfpath.Root("path"), p, false, &resp.Diagnostics)
	plan.setRemote(obj)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (m *directoryResourceModel) setRemote(obj *alist.Object) {
	m.ID = m.Path
	m.Name = types.StringValue(path.Base(m.Path.ValueString()))
	m.Modified, m.Created = types.StringValue(timeString(obj.Modified)), types.StringValue(timeString(obj.Created))
	m.StorageProvider = types.StringValue(obj.Provider)
}

func (r *directoryResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer pathIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state directoryResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	obj, err := r.data.session.Get(r.data.requestContext(ctx), state.Path.ValueString(), "")
	if errors.Is(err, alist.ErrNotFound) || err == nil && !obj.IsDir {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Root("path"), "Cannot read the folder", err)
		return
	}
	state.setRemote(obj)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update moves the folder to a new path; adopt_existing and force_destroy
// live in state alone.
func (r *directoryResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer pathIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, state directoryResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.Path.Equal(state.Path) {
		ctx := r.data.requestContext(ctx)
		if !r.data.move(ctx, state.Path.ValueString(), plan.Path.ValueString(), false, &resp.Diagnostics) {
			return
		}
		obj, err := r.data.session.Get(ctx, plan.Path.ValueString(), "")
		if err != nil {
			state.ID, state.Path = plan.Path, plan.Path // where it is now
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			addAPIError(&resp.Diagnostics, tfpath.Root("path"), "Cannot read the moved folder", err)
			return
		}
		plan.setRemote(obj)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *directoryResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state directoryResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.requestContext(ctx)
	p := state.Path.ValueString()
	if !state.ForceDestroy.ValueBool() && !r.checkEmpty(ctx, p, alist.StorageCaches(state.StorageProvider.ValueString()), &resp.Diagnostics) {
		return
	}
	if err := r.data.session.RemovePath(ctx, p); err != nil && !errors.Is(err, alist.ErrNotFound) {
		addAPIError(&resp.Diagnostics, tfpath.Root("path"), "Cannot delete the folder", err)
	}
}

// checkEmpty reports whether the folder is empty, adding an error listing
// its entries if not. A cached listing is refreshed first: it may hide files.
func (r *directoryResource) checkEmpty(ctx context.Context, p string, refresh bool, diags *diag.Diagnostics) bool {
	items, err := r.data.session.List(ctx, p, alist.ListOptions{Refresh: refresh})
	if errors.Is(err, alist.ErrNotFound) {
		return true
	}
	if err != nil {
		addAPIError(diags, tfpath.Root("path"), "Cannot list the folder before deleting it", err)
		return false
	}
	if len(items) == 0 {
		return true
	}
	names := make([]string, 0, 5)
	for i, it := range items {
		if i == 5 {
			names = append(names, fmt.Sprintf("… and %d more", len(items)-5))
			break
		}
		names = append(names, it.Name)
	}
	diags.AddAttributeError(tfpath.Root("path"), "The folder is not empty",
		fmt.Sprintf("%q holds %d entries (%s), so it was not deleted. Remove them first, or set force_destroy = true to delete the folder with everything in it.",
			p, len(items), strings.Join(names, ", ")))
	return false
}

func (r *directoryResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByPath(ctx, req, resp, pathIdentity, "folder", "/local/releases", map[string]any{"adopt_existing": false, "force_destroy": false})
}
