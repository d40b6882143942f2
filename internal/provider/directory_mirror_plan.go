package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

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

// ModifyPlan lists both folders and plans `changes`: one entry per file to
// copy (new, changed at the source, or changed or gone at the destination,
// which the refresh found) and per file to delete; and `digest`, of every
// file to mirror. Nothing is downloaded. Bad input is refused here, before
// anything is copied.
func (r *directoryMirrorResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planned, state, ok := planModels[directoryMirrorModel](ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	plan := *planned
	r.data.planPath(ctx, &plan.ID, plan.Path, state == nil, &resp.Diagnostics)
	unknown := func() {
		plan.Changes, plan.Digest = types.MapUnknown(types.StringType), types.StringUnknown()
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
	srcTree := r.data.walks.take(src)
	var err error
	if srcTree == nil {
		srcTree, err = session.Walk(ctx, src, alist.WalkOptions{Refresh: true})
	}
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
	desired := mirrorDesired(srcTree, newFileFilter(ctx, plan.Include, plan.Exclude, &resp.Diagnostics))
	copies, deletes := priv.pending(desired, priv.Unmanaged, plan.DeleteUnmanaged.ValueBool())
	changes := make(map[string]string, len(copies)+len(deletes))
	for _, rel := range copies {
		changes[rel] = desired[rel]
	}
	for _, rel := range deletes {
		changes[rel] = syncDelete
	}
	nDeletes := len(deletes)
	if plan.DeleteUnmanaged.ValueBool() && (state == nil || !state.DeleteUnmanaged.ValueBool()) {
		nDeletes++ // the apply deletes what the destination holds besides (unlisted yet)
	}
	r.checkPermissions(ctx, len(copies), nDeletes, &resp.Diagnostics)
	prior := types.MapNull(types.StringType)
	if state != nil {
		prior = state.Changes
	}
	plan.Changes, plan.Digest = plannedChanges(prior, changes, "copy"), types.StringValue(mirrorDigest(desired))
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// mirrorDesired are the source files the filter wants: relative path →
// fingerprint.
func mirrorDesired(srcTree *alist.Tree, filter fileFilter) map[string]string {
	desired := make(map[string]string, len(srcTree.Files))
	for _, f := range srcTree.Files {
		if filter.wants(f.Rel) {
			desired[f.Rel] = sideOf(&f.Object).fingerprint()
		}
	}
	return desired
}

// pending are the files to copy, those of desired the destination does not
// hold as a copy of the source as it is (no record, a stale one, or one of
// an older source), and the files to delete: those copied that desired no
// longer holds and, with deleteUnmanaged, the files of others it does not
// hold. Both sorted.
func (mp *mirrorPrivate) pending(desired map[string]string, others []string, deleteUnmanaged bool) (copies, deletes []string) {
	for rel, fp := range desired {
		if rec := mp.Copied[rel]; rec == nil || rec.Stale || rec.Src.fingerprint() != fp {
			copies = append(copies, rel)
		}
	}
	for rel := range mp.Copied {
		if _, keep := desired[rel]; !keep {
			deletes = append(deletes, rel)
		}
	}
	if deleteUnmanaged {
		for _, rel := range others {
			if _, keep := desired[rel]; !keep {
				deletes = append(deletes, rel)
			}
		}
	}
	slices.Sort(copies)
	slices.Sort(deletes)
	return copies, slices.Compact(deletes)
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

// prefetchedWalks hands the source listing that a mirror's refresh makes,
// at the same time as the destination's, to the plan that follows it in
// the same provider process: a no-op plan then lists both folders at once
// instead of one after the other. A listing is taken once, and only
// within prefetchTTL of being made.
type prefetchedWalks struct {
	mu    sync.Mutex
	trees map[string]prefetchedWalk
}

type prefetchedWalk struct {
	tree *alist.Tree
	at   time.Time
}

const prefetchTTL = 30 * time.Second

func (w *prefetchedWalks) put(p string, tree *alist.Tree) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.trees == nil {
		w.trees = map[string]prefetchedWalk{}
	}
	w.trees[p] = prefetchedWalk{tree, time.Now()}
}

// take is the listing of p put there within prefetchTTL, or nil.
func (w *prefetchedWalks) take(p string) *alist.Tree {
	w.mu.Lock()
	defer w.mu.Unlock()
	got, ok := w.trees[p]
	delete(w.trees, p)
	if !ok || time.Since(got.at) > prefetchTTL {
		return nil
	}
	return got.tree
}
