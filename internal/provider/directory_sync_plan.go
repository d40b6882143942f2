package provider

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
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

// ModifyPlan walks source_dir and plans `changes`: each file to send (new,
// edited, or changed on the server) with its hash, and each to delete,
// reading only the files whose fingerprint changed since the last plan;
// and `digest`, of every file to publish. The files themselves go to the
// private state, where Terraform does not diff them.
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
		plan.Changes, plan.Digest = types.MapUnknown(types.StringType), types.StringUnknown()
		plan.FileCount, plan.TotalSize = types.Int64Unknown(), types.Int64Unknown()
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
	if sum := unchangedPlan(ctx, req.Private, root, local, plan.DeleteUnmanaged.ValueBool(), &resp.Diagnostics); sum != nil && state != nil {
		// Every file as recorded, and nothing to send or delete: the plan
		// is the summary's, and the records stay as they are.
		plan.Changes = plannedChanges(state.Changes, nil, "send")
		plan.Digest = types.StringValue(sum.Digest)
		plan.FileCount, plan.TotalSize = types.Int64Value(sum.Files), types.Int64Value(sum.Bytes)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	proctune.ExpectLargeHeap(len(local))
	priv := loadSyncPrivate(ctx, req.Private, &resp.Diagnostics)
	read, err := hashFiles(ctx, local, priv.knownHashes(root))
	if err != nil {
		resp.Diagnostics.AddAttributeError(tfpath.Root("source_dir"), "Unusable source file", err.Error()+".")
		return
	}
	desired := make(map[string]string, len(local))
	var total int64
	for _, f := range local {
		desired[f.rel] = f.fp.SHA256
		total += f.fp.Size
	}
	// A file to send again whose hash is known only as the private state
	// keeps it (changed on the server, not here) is read for the whole.
	var again []localFile
	for _, f := range local {
		if rec := priv.Managed[f.rel]; rec == nil || !sameHash(rec.SHA256, f.fp.SHA256) {
			if len(f.fp.SHA256) < sha256.Size*2 {
				again = append(again, f)
			}
		}
	}
	n, err := hashFiles(ctx, again, nil)
	if err != nil {
		resp.Diagnostics.AddAttributeError(tfpath.Root("source_dir"), "Unusable source file", err.Error()+".")
		return
	}
	for _, f := range again {
		desired[f.rel] = f.fp.SHA256
	}
	tflog.Debug(ctx, "planned a folder sync", map[string]any{"files": len(local), "files_read": read + n})

	changes := map[string]string{}
	for _, rel := range priv.pending(desired) {
		changes[rel] = desired[rel]
	}
	for _, rel := range (&syncer{priv: priv}).deletions(desired, plan.DeleteUnmanaged.ValueBool()) {
		changes[rel] = syncDelete
	}
	if state != nil && r.data != nil && r.data.session.HasToken() {
		// Where the refresh logged in already; a create warns at apply
		// instead, so that a plan costs no login of its own.
		var added []string
		for rel := range desired {
			if _, known := priv.Managed[rel]; !known && dotPath(rel) {
				added = append(added, rel)
			}
		}
		r.data.warnHiddenFiles(ctx, plan.Path.ValueString(), added, &resp.Diagnostics)
	}
	prior := types.MapNull(types.StringType)
	if state != nil {
		prior = state.Changes
	}
	plan.Changes = plannedChanges(prior, changes, "send")
	plan.Digest = types.StringValue(treeDigest(desired))
	plan.FileCount, plan.TotalSize = types.Int64Value(int64(len(local))), types.Int64Value(total)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	if read+n == 0 && len(local) == len(priv.Local) && priv.Source == root {
		// Every file matched its record (none read): the records are the
		// prior private state, which the plan keeps as it is. With 100,000
		// files, encoding them again was a tenth of a no-op plan.
		return
	}
	priv.setLocal(root, local)
	priv.save(ctx, resp.Private, &resp.Diagnostics)
}

// maxChangesListed is how many files `changes` lists one by one. Terraform
// diffs every element of a planned map, and its cost grows faster than the
// count: a first apply of 100,000 files listed one by one spent minutes in
// Terraform alone. Beyond it, changes are counted by folder (summarize).
const maxChangesListed = 1000

// plannedChanges is `changes` for the plan of either folder resource: the
// changes (summarized beyond maxChangesListed, verb naming what is done
// to a file that is not deleted) over prior, the state's `changes` (null
// on create), so that a plan without refresh after an apply (whose
// changes the state still holds) shows only the new ones, and a plan with
// nothing to do nothing.
func plannedChanges(prior types.Map, changes map[string]string, verb string) types.Map {
	out := fileMapOf(prior)
	maps.Copy(out, summarize(changes, maxChangesListed, verb))
	return fileMapValue(out)
}

// summarize is changes as they are when they are at most limit, else
// counted by folder ("docs/" → "120 to send, 3 to delete" for the verb
// "send"), at the deepest level of folders that has at most limit of them
// with changes.
func summarize(changes map[string]string, limit int, verb string) map[string]string {
	if len(changes) <= limit {
		return changes
	}
	type count struct{ send, del int }
	for depth := maxPathDepth(changes); ; depth-- {
		groups := map[string]*count{}
		for rel, h := range changes {
			key := folderPrefix(rel, depth)
			c := groups[key]
			if c == nil {
				c = &count{}
				groups[key] = c
			}
			if h == syncDelete {
				c.del++
			} else {
				c.send++
			}
		}
		if len(groups) > limit && depth > 0 {
			continue
		}
		out := make(map[string]string, len(groups))
		for key, c := range groups {
			out[key] = fmt.Sprintf("%d to %s, %d to delete", c.send, verb, c.del)
		}
		return out
	}
}

// maxPathDepth is the most folders any path of files has above it.
func maxPathDepth(files map[string]string) int {
	depth := 0
	for rel := range files {
		depth = max(depth, strings.Count(rel, "/"))
	}
	return depth
}

// folderPrefix is the first depth folders of rel, with a trailing slash;
// "./" for none (the folder itself).
func folderPrefix(rel string, depth int) string {
	parts := strings.Split(rel, "/")
	if depth == 0 || len(parts) == 1 {
		return "./"
	}
	return strings.Join(parts[:min(depth, len(parts)-1)], "/") + "/"
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
