package provider

import (
	"context"
	"path/filepath"

	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alist-terraform/terraform-provider-alist/internal/proctune"
)

// ModifyPlan walks source_dir and plans `files`: the hash of every file to
// publish, read only where its fingerprint changed since the last plan, so
// that the plan shows one line per file added, changed or removed.
func (r *directorySyncResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planned, state, ok := planModels[directorySyncModel](ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	plan := *planned
	r.data.planPath(ctx, &plan.ID, plan.Path, state == nil, &resp.Diagnostics)
	if plan.SourceDir.IsUnknown() || plan.Include.IsUnknown() || plan.Exclude.IsUnknown() || plan.DeleteUnmanaged.IsUnknown() {
		plan.Files, plan.FileCount, plan.TotalSize = types.MapUnknown(types.StringType), types.Int64Unknown(), types.Int64Unknown()
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	root, err := filepath.Abs(plan.SourceDir.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(tfpath.Root("source_dir"), "Unusable source folder", err.Error())
		return
	}
	local, err := walkSource(root, plan.filter(ctx, &resp.Diagnostics))
	if err != nil {
		resp.Diagnostics.AddAttributeError(tfpath.Root("source_dir"), "Unusable source folder", err.Error()+".")
		return
	}
	proctune.ExpectLargeHeap(len(local))
	priv := loadSyncPrivate(ctx, req.Private, &resp.Diagnostics)
	read, err := hashFiles(ctx, local, priv.fingerprints(root))
	if err != nil {
		resp.Diagnostics.AddAttributeError(tfpath.Root("source_dir"), "Unusable source file", err.Error()+".")
		return
	}
	tflog.Debug(ctx, "planned a folder sync", map[string]any{"files": len(local), "files_read": read})

	files := make(map[string]string, len(local))
	var total int64
	for _, f := range local {
		files[f.rel] = f.fp.SHA256
		total += f.fp.Size
	}
	if state != nil && !plan.DeleteUnmanaged.ValueBool() {
		// Files the resource did not upload stay as they are: those the
		// state lists (delete_unmanaged was on) are kept, not removed.
		for rel, h := range state.fileMap() {
			if _, managed := priv.Managed[rel]; !managed {
				if _, published := files[rel]; !published {
					files[rel] = h
				}
			}
		}
	}
	plan.setFiles(files)
	plan.FileCount, plan.TotalSize = types.Int64Value(int64(len(local))), types.Int64Value(total)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	priv.setLocal(root, local)
	priv.save(ctx, resp.Private, &resp.Diagnostics)
}
