package provider

import (
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/proctune"
)

var (
	_ resource.ResourceWithConfigure    = (*directorySyncResource)(nil)
	_ resource.ResourceWithImportState  = (*directorySyncResource)(nil)
	_ resource.ResourceWithModifyPlan   = (*directorySyncResource)(nil)
	_ resource.ResourceWithUpgradeState = (*directorySyncResource)(nil)
)

const defaultSyncParallelism = 8

type directorySyncResource struct{ resourceBase }

func newDirectorySyncResource() resource.Resource { return &directorySyncResource{} }

type directorySyncModel struct {
	ID              types.String   `tfsdk:"id"`
	SourceDir       types.String   `tfsdk:"source_dir"`
	Path            types.String   `tfsdk:"path"`
	Include         types.List     `tfsdk:"include"`
	Exclude         types.List     `tfsdk:"exclude"`
	DeleteUnmanaged types.Bool     `tfsdk:"delete_unmanaged"`
	Parallelism     types.Int64    `tfsdk:"parallelism"`
	Changes         types.Map      `tfsdk:"changes"`
	Digest          types.String   `tfsdk:"digest"`
	FileCount       types.Int64    `tfsdk:"file_count"`
	TotalSize       types.Int64    `tfsdk:"total_size"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

func (r *directorySyncResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_directory_sync"
	pathIdentity.behavior(resp)
}

func (r *directorySyncResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = directorySyncSchema(ctx)
}

// directorySyncSchema is the resource's schema (version 1: `changes` and
// `digest`; version 0 had `files` instead, see directorySyncSchemaV0).
func directorySyncSchema(ctx context.Context) schema.Schema {
	patterns := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{
			Optional: true, ElementType: types.StringType, MarkdownDescription: desc,
			Validators: []validator.List{listvalidator.ValueStringsAre(globValidator{})},
		}
	}
	return schema.Schema{
		Version: 1,
		MarkdownDescription: "A whole local folder published to a folder of the AList server, as one resource: only new and changed files are sent, " +
			"in parallel, and a plan shows one line per file added, changed or removed (in `changes`, counted by folder beyond 1,000). A file changed or deleted on the server is sent again. " +
			"The state holds no per-file attribute, so that plans stay fast and the state small with 100,000 files: see `changes` and `digest`.",
		Attributes: map[string]schema.Attribute{
			"id": stable("The remote folder's path, as `path`."),
			"source_dir": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The local folder to publish, e.g. `\"${path.module}/public\"`. Every regular file below it is published (dot files too, " +
					"also to a Local storage with `show_hidden` off, whose listings leave them out: they are then checked and deleted by their paths), " +
					"symlinks followed. A plan reads only the files whose size, modification time or inode changed.",
			},
			"path": remotePath("Absolute path of the remote folder, e.g. `/local/site`; created with its parents if missing. " + movedNote("folder, with everything in it,") + " " + basePathNote),
			"include": patterns("Glob patterns of the files to publish, matched against slash-separated paths relative to `source_dir`: " +
				"`*`, `?` and `[…]` within a name, `**` for any number of folders (`**/*.html`). Default: every file."),
			"exclude": patterns("Glob patterns of files not to publish, as for `include`, e.g. `[\"**/.DS_Store\", \"drafts/**\"]`. Exclude wins over include."),
			"delete_unmanaged": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "`false` (default): files below `path` that this resource did not upload are left alone. " +
					"`true`: they are deleted, so that the remote folder mirrors the published files exactly; the plan lists each.",
			},
			"parallelism": schema.Int64Attribute{
				Optional: true, Computed: true, Default: int64default.StaticInt64(defaultSyncParallelism),
				MarkdownDescription: "How many uploads run at once, sharing the provider's one login. Default `8`.",
				Validators:          []validator.Int64{int64validator.Between(1, 64)},
			},
			"changes": schema.MapAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "What the plan changes, one entry per file: relative path → hex SHA-256 of the content it sends (a new file, an edited one, " +
					"or one changed or deleted on the server), or `" + syncDelete + "` for a file it deletes (gone from `source_dir`, or, with `delete_unmanaged`, " +
					"a file of others). Beyond 1,000 files, changes are counted by folder (`\"photos/2024/\" = \"312 to send, 0 to delete\"`). " +
					"Empty after a refresh when nothing changes; after an apply it holds what that apply changed until the next refresh empties it. " +
					"To see every published file, use `fileset()` and `filesha256()` on the source files, or the `alist_files` data source (one folder level each) below `path`.",
			},
			"digest": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "A hex SHA-256 of the published files' paths and contents: it changes exactly when a published file does " +
					"(e.g. to trigger a cache purge with `terraform_data`'s `triggers_replace`).",
			},
			"file_count": schema.Int64Attribute{Computed: true, MarkdownDescription: "How many files are published."},
			"total_size": schema.Int64Attribute{Computed: true, MarkdownDescription: "Their total size in bytes."},
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx, "the uploads", "")},
	}
}

// syncDelete is the `changes` value of a file the plan deletes (a hex hash
// otherwise).
const syncDelete = "delete"

// filter parses include and exclude (validated already).
func (m *directorySyncModel) filter(ctx context.Context, diags *diag.Diagnostics) fileFilter {
	return newFileFilter(ctx, m.Include, m.Exclude, diags)
}

func (r *directorySyncResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer pathIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state directorySyncModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := r.data.operation(ctx, state.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	priv := loadSyncPrivate(ctx, req.Private, &resp.Diagnostics)
	proctune.ExpectLargeHeap(len(priv.Managed))
	root := state.Path.ValueString()
	tree, err := r.data.session.Walk(ctx, root, alist.WalkOptions{Refresh: true})
	exists := err == nil
	switch {
	case errors.Is(err, alist.ErrNotFound):
		tree = &alist.Tree{} // the folder is gone: every file is planned again
	case err != nil:
		addAPIError(&resp.Diagnostics, tfpath.Root("path"), "Cannot list the remote folder", err)
		return
	}
	before := priv.refreshed()
	listed := priv.refresh(tree, exists)
	if exists {
		s := &syncer{session: r.data.session, root: root, priv: priv, parallelism: int(state.Parallelism.ValueInt64())}
		if s.findUnlisted(ctx, listed, alist.StorageCaches(tree.Provider), &resp.Diagnostics); resp.Diagnostics.HasError() {
			return
		}
	}
	// The last apply's changes are done: a plan with nothing to do keeps
	// this empty map, and one with changes shows only them.
	state.ID, state.Changes, state.Digest = state.Path, types.MapValueMust(types.StringType, nil), types.StringValue(priv.digest())
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	if priv.refreshed().equal(before) && hasSyncSummary(ctx, req.Private) {
		// The server holds everything as recorded: the private state stays
		// as it was (with 100,000 files, encoding the same records again
		// was a tenth of a refresh). Records without a summary (written
		// before it existed) are saved with one.
		return
	}
	priv.save(ctx, resp.Private, &resp.Diagnostics)
}

// refreshState is what a refresh may change in the records.
type refreshState struct {
	managed, forgotten int // files uploaded; those whose hash was forgotten (changed on the server)
	unmanaged, dirs    []string
	listed             bool
}

func (sp *syncPrivate) refreshed() refreshState {
	st := refreshState{managed: len(sp.Managed), listed: sp.Listed}
	for _, rec := range sp.Managed {
		if rec.SHA256 == "" {
			st.forgotten++
		}
	}
	// As save keeps them: sorted, each once.
	st.unmanaged = slices.Compact(slices.Sorted(slices.Values(sp.Unmanaged)))
	st.dirs = slices.Compact(slices.Sorted(slices.Values(sp.Dirs)))
	return st
}

func (st refreshState) equal(o refreshState) bool {
	return st.managed == o.managed && st.forgotten == o.forgotten && st.listed == o.listed &&
		slices.Equal(st.unmanaged, o.unmanaged) && slices.Equal(st.dirs, o.dirs)
}

// refresh compares the server's listing with what was uploaded: a managed
// file keeps its record while the server reports what it did after the
// upload, and loses its hash (sent again) when it changed; a missing one
// is forgotten (planned again), but for a dot file, which a listing may
// leave out (findUnlisted looks it up). The files of others are Unmanaged.
// It returns the files listed.
func (sp *syncPrivate) refresh(tree *alist.Tree, exists bool) map[string]bool {
	listed := make(map[string]bool, len(tree.Files))
	sp.Unmanaged = sp.Unmanaged[:0]
	for _, f := range tree.Files {
		listed[f.Rel] = true
		rec, managed := sp.Managed[f.Rel]
		switch {
		case managed && !rec.sameAs(&f.Object):
			rec.SHA256 = ""
		case !managed:
			sp.Unmanaged = append(sp.Unmanaged, f.Rel)
		}
	}
	for rel := range sp.Managed {
		if !listed[rel] && (!exists || !dotPath(rel)) {
			delete(sp.Managed, rel)
		}
	}
	sp.Dirs, sp.Listed = tree.Dirs, exists
	return listed
}

// findUnlisted looks up by path the files this resource uploaded that the
// listing did not show, where a name on their path starts with ".": a Local
// storage with show_hidden off lists none of those, yet holds them and
// answers fs/get of each. One found is checked as refresh checks listed
// ones, and its folders count as existing; one not there is forgotten, so
// that the plan sends it again if it is still published. Only such files
// cost a request: a listing that shows everything, or a sync without dot
// files, adds none.
func (s *syncer) findUnlisted(ctx context.Context, listed map[string]bool, refresh bool, diags *diag.Diagnostics) {
	var rels []string
	for rel := range s.priv.Managed {
		if !listed[rel] && dotPath(rel) {
			rels = append(rels, rel)
		}
	}
	if len(rels) == 0 {
		return
	}
	found, unread := s.readFiles(ctx, rels, refresh, func(ctx context.Context, rel string) (*alist.Object, error) {
		return s.session.Get(ctx, s.remote(rel), "")
	}, "Cannot read a file the folder's listing does not show", diags)
	for _, rel := range rels {
		o, rec := found[rel], s.priv.Managed[rel]
		switch {
		case unread[relDir(rel)]:
		case o == nil || o.IsDir:
			delete(s.priv.Managed, rel)
		default:
			if !rec.sameAs(o) {
				rec.SHA256 = ""
			}
			s.priv.Dirs = append(s.priv.Dirs, ancestors(rel)...)
		}
	}
}

// sameAs reports whether the server still reports what it did after the
// upload: size, the modification time it kept, and its hashes, if any.
func (rec *syncRemote) sameAs(o *alist.Object) bool {
	if o.Size != rec.Size || rec.Modified != "" && timeString(o.Modified) != rec.Modified {
		return false
	}
	for k, v := range rec.Hashes {
		if got, ok := o.HashInfo[k]; ok && got != v {
			return false
		}
	}
	return true
}

func (r *directorySyncResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer pathIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan directorySyncModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	proctune.ExpectLargeHeap(len(plan.Changes.Elements()))
	ctx, cancel := r.data.operation(ctx, plan.Timeouts.Create, defaultUploadTimeout, &resp.Diagnostics)
	defer cancel()
	priv := loadSyncPrivate(ctx, nil, &resp.Diagnostics) // a create has none
	r.sync(ctx, &plan, priv, true, &resp.Diagnostics)
	r.data.warnBasePath(ctx, tfpath.Root("path"), plan.Path.ValueString(), false, &resp.Diagnostics)
	var hidden []string
	for rel := range priv.Local {
		if dotPath(rel) {
			hidden = append(hidden, rel)
		}
	}
	r.data.warnHiddenFiles(ctx, plan.Path.ValueString(), hidden, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	priv.save(ctx, resp.Private, &resp.Diagnostics)
}

func (r *directorySyncResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer pathIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, state directorySyncModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := r.data.operation(ctx, plan.Timeouts.Update, defaultUploadTimeout, &resp.Diagnostics)
	defer cancel()
	priv := loadSyncPrivate(ctx, req.Private, &resp.Diagnostics)
	proctune.ExpectLargeHeap(len(priv.Managed) + len(plan.Changes.Elements()))
	if !plan.Path.Equal(state.Path) {
		// One call for the whole folder; what the private state records is
		// relative to it, and stays true.
		if !r.data.move(ctx, state.Path.ValueString(), plan.Path.ValueString(), false, &resp.Diagnostics) {
			return
		}
		state.ID, state.Path = plan.Path, plan.Path // where it is now, should the sync fail
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
	r.sync(ctx, &plan, priv, false, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	priv.save(ctx, resp.Private, &resp.Diagnostics)
}

func (r *directorySyncResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state directorySyncModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := r.data.operation(ctx, state.Timeouts.Delete, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	priv := loadSyncPrivate(ctx, req.Private, &resp.Diagnostics)
	proctune.ExpectLargeHeap(len(priv.Managed))
	managed := slices.Collect(maps.Keys(priv.Managed))
	s := &syncer{session: r.data.session, root: state.Path.ValueString(), priv: priv, parallelism: int(state.Parallelism.ValueInt64())}
	if s.remove(ctx, managed, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return // the state keeps the resource: destroy can be run again
	}
	s.removeEmptyCreated(ctx, nil, &resp.Diagnostics)
}

func (r *directorySyncResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByPath(ctx, req, resp, pathIdentity, "folder", "/local/site", map[string]any{"delete_unmanaged": false, "parallelism": int64(defaultSyncParallelism)})
}

func (r *directorySyncResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	v0 := directorySyncSchemaV0(ctx)
	return map[int64]resource.StateUpgrader{0: {PriorSchema: &v0, StateUpgrader: upgradeDirectorySyncStateV0}}
}

// directorySyncSchemaV0 is the schema of version 0, which had `files`
// (every published file: relative path → hex SHA-256) instead of
// `changes` and `digest`.
func directorySyncSchemaV0(ctx context.Context) schema.Schema {
	return withFilesV0(directorySyncSchema(ctx))
}

// withFilesV0 is the version 0 of a folder resource's schema s: `files`
// instead of `changes` and `digest`.
func withFilesV0(s schema.Schema) schema.Schema {
	s.Version = 0
	attrs := maps.Clone(s.Attributes)
	delete(attrs, "changes")
	delete(attrs, "digest")
	attrs["files"] = schema.MapAttribute{Computed: true, ElementType: types.StringType}
	s.Attributes = attrs
	return s
}

type directorySyncModelV0 struct {
	ID              types.String   `tfsdk:"id"`
	SourceDir       types.String   `tfsdk:"source_dir"`
	Path            types.String   `tfsdk:"path"`
	Include         types.List     `tfsdk:"include"`
	Exclude         types.List     `tfsdk:"exclude"`
	DeleteUnmanaged types.Bool     `tfsdk:"delete_unmanaged"`
	Parallelism     types.Int64    `tfsdk:"parallelism"`
	Files           types.Map      `tfsdk:"files"`
	FileCount       types.Int64    `tfsdk:"file_count"`
	TotalSize       types.Int64    `tfsdk:"total_size"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

// upgradeDirectorySyncStateV0 keeps everything but `files`, whose hashes
// give `digest` (what a plan of the same files computes, so the upgrade
// plans nothing), with no pending changes. The private state, which the
// upgrade does not see, is read in either form.
func upgradeDirectorySyncStateV0(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var old directorySyncModelV0
	resp.Diagnostics.Append(req.State.Get(ctx, &old)...)
	if resp.Diagnostics.HasError() {
		return
	}
	files := fileMapOf(old.Files)
	maps.DeleteFunc(files, func(_, h string) bool { return h == "" }) // sent again at the next apply: not on the server as planned
	resp.Diagnostics.Append(resp.State.Set(ctx, &directorySyncModel{
		ID: old.ID, SourceDir: old.SourceDir, Path: old.Path, Include: old.Include, Exclude: old.Exclude,
		DeleteUnmanaged: old.DeleteUnmanaged, Parallelism: old.Parallelism,
		Changes: types.MapValueMust(types.StringType, nil), Digest: types.StringValue(treeDigest(files)),
		FileCount: old.FileCount, TotalSize: old.TotalSize, Timeouts: old.Timeouts,
	})...)
}
