package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
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
	if state != nil {
		r.data.planMove(ctx, state.Path, plan.Path, false, resp) // move.go; the files keep their records, kept by path inside the folder
	}
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
	if state != nil && r.data != nil && r.data.session.HasToken() {
		// Where the refresh logged in already; a create warns at apply
		// instead, so that a plan costs no login of its own.
		current := state.fileMap()
		var added []string
		for _, f := range local {
			if _, known := current[f.rel]; !known && dotPath(f.rel) {
				added = append(added, f.rel)
			}
		}
		r.data.warnHiddenFiles(ctx, plan.Path.ValueString(), added, &resp.Diagnostics)
	}
	plan.setFiles(files)
	plan.FileCount, plan.TotalSize = types.Int64Value(int64(len(local))), types.Int64Value(total)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	priv.setLocal(root, local)
	priv.save(ctx, resp.Private, &resp.Diagnostics)
}

// warnHiddenFiles warns, once for the files a plan adds (or a create
// sends), when the storage will leave them out of its listings: a Local
// storage with show_hidden off lists no name starting with ".". They are
// sent and kept track of by path all the same, but the web UI and
// alist_files do not show them. Only an admin can read a storage's
// settings: for another account it says nothing.
func (d *providerData) warnHiddenFiles(ctx context.Context, p string, rels []string, diags *diag.Diagnostics) {
	if len(rels) == 0 {
		return
	}
	mount, hides := d.storageHidesDotFiles(d.requestContext(ctx), p)
	if !hides {
		return
	}
	slices.Sort(rels)
	shown := rels[:min(len(rels), 10)]
	more := ""
	if len(rels) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(rels)-len(shown))
	}
	diags.AddAttributeWarning(tfpath.Root("path"), "The storage hides these files from its listings",
		fmt.Sprintf("The storage mounted at %q is a Local storage with show_hidden off, which leaves every name starting with \".\" out of its listings: "+
			"%s%s. They are uploaded, checked and deleted by their paths all the same, but the web UI and alist_files do not show them. "+
			"To list them, turn show_hidden on (alist_storage: addition = { show_hidden = \"true\", … }).",
			mount, strings.Join(shown, ", "), more))
}

// storageHidesDotFiles reports whether the storage holding p (as the
// server places it for the account) is a Local storage with show_hidden
// off, and its mount path. It needs an admin account (the storage list),
// and is false when the account cannot tell.
func (d *providerData) storageHidesDotFiles(ctx context.Context, p string) (string, bool) {
	holders, why := d.holdingStorages(ctx, p) // move.go
	if why != "" {
		return "", false
	}
	holder := holders[0]
	if holder == nil || holder.Driver != "Local" {
		return "", false
	}
	var add struct {
		ShowHidden *bool `json:"show_hidden"`
	}
	if json.Unmarshal([]byte(holder.Addition), &add) != nil || add.ShowHidden == nil {
		return "", false
	}
	return holder.MountPath, !*add.ShowHidden
}
