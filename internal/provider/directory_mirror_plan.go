package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/proctune"
)

// Permission bits an account needs: copy to mirror, remove to delete
// (common to every dialect).
var (
	permCopy   = int32(1) << slices.Index(basePermissions, "copy")
	permRemove = int32(1) << slices.Index(basePermissions, "remove")
)

// ModifyPlan lists both folders and plans `files`: one line per file to
// copy (new, changed at the source, or changed or gone at the destination,
// which the refresh marked "") and per file to delete. Nothing is
// downloaded. Bad input is refused here, before anything is copied.
func (r *directoryMirrorResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planned, state, ok := planModels[directoryMirrorModel](ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	plan := *planned
	r.data.planPath(ctx, &plan.ID, plan.Path, state == nil, &resp.Diagnostics)
	unknown := func() {
		plan.Files = types.MapUnknown(types.StringType)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	}
	if plan.SourcePath.IsUnknown() || plan.Path.IsUnknown() || plan.Include.IsUnknown() || plan.Exclude.IsUnknown() || plan.DeleteUnmanaged.IsUnknown() {
		unknown()
		return
	}
	src, dst := plan.SourcePath.ValueString(), plan.Path.ValueString()
	switch {
	case src == dst:
		resp.Diagnostics.AddAttributeError(tfpath.Root("path"), "The destination is the source",
			fmt.Sprintf("`path` and `source_path` are both %q: give the mirror another destination folder.", dst))
		return
	case within(dst, src):
		resp.Diagnostics.AddAttributeError(tfpath.Root("path"), "The destination is inside the source",
			fmt.Sprintf("`path` %q lies below `source_path` %q: every copy would be mirrored again. Choose a destination outside the source folder.", dst, src))
		return
	case within(src, dst):
		resp.Diagnostics.AddAttributeError(tfpath.Root("source_path"), "The source is inside the destination",
			fmt.Sprintf("`source_path` %q lies below `path` %q, whose files the mirror manages. Choose a destination outside the source folder.", src, dst))
		return
	}
	if r.data == nil {
		unknown() // the provider is not configured yet (validation)
		return
	}
	ctx, cancel := r.data.operation(ctx, plan.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	session := r.data.session
	srcTree, err := session.Walk(ctx, src, alist.WalkOptions{Refresh: true})
	problems := []*mirrorEndProblem{sourceProblem(src, err), r.destinationProblem(ctx, dst)}
	if err != nil && problems[0] == nil {
		addAPIError(&resp.Diagnostics, tfpath.Root("source_path"), "Cannot list the source folder", err)
		return
	}
	deferred := false
	for _, p := range problems {
		if p == nil {
			continue
		}
		if state == nil && p.missing {
			// Another resource of this configuration may make the folder or
			// mount the storage before this one is applied (a sync that
			// publishes the source, an alist_storage for the destination):
			// the apply checks again, before copying anything.
			resp.Diagnostics.AddAttributeWarning(p.attr, p.summary+" yet", p.detail+
				" If another resource of this configuration makes it, the files to copy are known after apply; otherwise the apply fails with this error, before copying anything.")
			deferred = true
			continue
		}
		p.add(&resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if deferred {
		unknown()
		return
	}
	proctune.ExpectLargeHeap(len(srcTree.Files))
	priv := loadMirrorPrivate(ctx, req.Private, &resp.Diagnostics)
	var current map[string]string
	if state != nil {
		current = fileMapOf(state.Files)
	}
	files := planMirrorFiles(srcTree, current, priv, newFileFilter(ctx, plan.Include, plan.Exclude, &resp.Diagnostics), plan.DeleteUnmanaged.ValueBool())
	var copies, deletes int
	for rel, v := range files {
		if c, ok := current[rel]; !ok || c != v {
			copies++
		}
	}
	for rel := range current {
		if _, keep := files[rel]; !keep {
			deletes++
		}
	}
	if plan.DeleteUnmanaged.ValueBool() && (state == nil || !state.DeleteUnmanaged.ValueBool()) {
		deletes++ // the apply deletes what the destination holds besides (unlisted yet)
	}
	r.checkPermissions(ctx, copies, deletes, &resp.Diagnostics)
	plan.Files = fileMapValue(files)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planMirrorFiles is the planned `files`: every source file the filter
// wants, with its fingerprint, except that a file copied before whose
// source is what it was then keeps its current value (nothing to copy,
// unless the refresh found it changed at the destination: ""). Files of
// others listed in current stay listed without delete_unmanaged.
func planMirrorFiles(srcTree *alist.Tree, current map[string]string, mp *mirrorPrivate, filter fileFilter, deleteUnmanaged bool) map[string]string {
	files := make(map[string]string, len(srcTree.Files))
	for _, f := range srcTree.Files {
		if !filter.wants(f.Rel) {
			continue
		}
		fp := sideOf(&f.Object).fingerprint()
		if rec := mp.Copied[f.Rel]; rec != nil && current[f.Rel] != "" && rec.Src.fingerprint() == fp {
			fp = current[f.Rel]
		}
		files[f.Rel] = fp
	}
	if !deleteUnmanaged {
		for rel, v := range current {
			if _, copied := mp.Copied[rel]; !copied {
				if _, mirrored := files[rel]; !mirrored {
					files[rel] = v
				}
			}
		}
	}
	return files
}

// mirrorEndProblem is what is wrong with the source or the destination
// folder; missing when it is only not there yet.
type mirrorEndProblem struct {
	attr            tfpath.Path
	summary, detail string
	missing         bool
}

func (p *mirrorEndProblem) add(diags *diag.Diagnostics) {
	diags.AddAttributeError(p.attr, p.summary, p.detail)
}

// sourceProblem names what is wrong with the source folder from the error
// of its listing; nil when there is none or the error is of another kind.
func sourceProblem(src string, err error) *mirrorEndProblem {
	switch {
	case errors.Is(err, alist.ErrNotFound):
		return &mirrorEndProblem{tfpath.Root("source_path"), "The source folder does not exist",
			fmt.Sprintf("The server has no folder %q (for this account): check `source_path`, the storage mounted there and the account's base path.", src), true}
	case errors.Is(err, alist.ErrNotFolder):
		return &mirrorEndProblem{tfpath.Root("source_path"), "The source is a file",
			fmt.Sprintf("%q is a file: `source_path` must be a folder.", src), false}
	}
	return nil
}

// destinationProblem refuses a destination that is a file or on no mounted,
// enabled storage. A missing folder is fine: the apply makes it.
func (r *directoryMirrorResource) destinationProblem(ctx context.Context, dst string) *mirrorEndProblem {
	o, err := r.data.session.Get(ctx, dst, "")
	switch {
	case err == nil && !o.IsDir:
		return &mirrorEndProblem{tfpath.Root("path"), "The destination is a file",
			fmt.Sprintf("%q is a file: `path` must be a folder, or a path where none exists yet.", dst), false}
	case err == nil:
		return nil
	case noStorage(err):
		// Answered alike for a mount path nobody mounted and a disabled storage.
		return &mirrorEndProblem{tfpath.Root("path"), "No storage at the destination",
			fmt.Sprintf("No enabled storage is mounted at %q or above it (the server answers %v): mount one, enable it, or fix `path`.", dst, err), true}
	case errors.Is(err, alist.ErrNotFound):
		return nil
	default:
		return &mirrorEndProblem{tfpath.Root("path"), "Cannot read the destination folder", withRemedy(err.Error(), err), false}
	}
}

// checkPermissions refuses an account without the copy permission when
// files are to be copied, or without remove when files are to be deleted.
func (r *directoryMirrorResource) checkPermissions(ctx context.Context, copies, deletes int, diags *diag.Diagnostics) {
	me, err := r.data.session.CachedMe(ctx)
	if err != nil || me.IsAdmin() {
		return // an admin may do anything; an unreadable account fails at apply, with the server's error
	}
	if copies > 0 && me.Permission&permCopy == 0 {
		diags.AddAttributeError(tfpath.Root("path"), "The account cannot copy",
			fmt.Sprintf("The account %q lacks the \"copy\" permission, which the mirror's %d copies need: give it that permission (alist_user `permissions`, or its role's) or use another account.", me.Username, copies))
	}
	if deletes > 0 && me.Permission&permRemove == 0 {
		diags.AddAttributeError(tfpath.Root("path"), "The account cannot delete",
			fmt.Sprintf("The account %q lacks the \"remove\" permission, which the mirror's deletions at the destination need: give it that permission, or leave the files (keep them at the source, or turn delete_unmanaged off).", me.Username))
	}
}
