package provider

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/proctune"
)

var (
	_ resource.ResourceWithConfigure    = (*directoryMirrorResource)(nil)
	_ resource.ResourceWithImportState  = (*directoryMirrorResource)(nil)
	_ resource.ResourceWithModifyPlan   = (*directoryMirrorResource)(nil)
	_ resource.ResourceWithIdentity     = (*directoryMirrorResource)(nil)
	_ resource.ResourceWithUpgradeState = (*directoryMirrorResource)(nil)
)

type directoryMirrorResource struct{ resourceBase }

func newDirectoryMirrorResource() resource.Resource { return &directoryMirrorResource{} }

type directoryMirrorModel struct {
	ID              types.String   `tfsdk:"id"`
	SourcePath      types.String   `tfsdk:"source_path"`
	Path            types.String   `tfsdk:"path"`
	Include         types.List     `tfsdk:"include"`
	Exclude         types.List     `tfsdk:"exclude"`
	DeleteUnmanaged types.Bool     `tfsdk:"delete_unmanaged"`
	KeepOnDestroy   types.Bool     `tfsdk:"keep_on_destroy"`
	Changes         types.Map      `tfsdk:"changes"`
	Digest          types.String   `tfsdk:"digest"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

func (r *directoryMirrorResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_directory_mirror"
	pathIdentity.behavior(resp)
}

func (*directoryMirrorResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	pathIdentity.schema(resp)
}

func (r *directoryMirrorResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = directoryMirrorSchema(ctx)
}

// directoryMirrorSchema is the resource's schema (version 1: `changes` and
// `digest`; version 0 had `files` instead, see directoryMirrorSchemaV0).
func directoryMirrorSchema(ctx context.Context) schema.Schema {
	patterns := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{
			Optional: true, ElementType: types.StringType, MarkdownDescription: desc,
			Validators: []validator.List{listvalidator.ValueStringsAre(globValidator{})},
		}
	}
	return schema.Schema{
		Version: 1,
		MarkdownDescription: "A folder of the AList server kept in step with another folder of the same server, typically on another storage " +
			"(a local disk backed up to a cloud drive). The server copies the files itself with its copy tasks (`fs/copy`): nothing passes " +
			"through the machine running Terraform. A plan lists both folders and shows one line per file to copy or delete (in `changes`, counted by folder beyond 1,000): a file is copied " +
			"when it is new, when it changed at the source, or when it changed or disappeared at the destination. Destroying the resource deletes " +
			"the files it copied, unless `keep_on_destroy` is set. The state holds no per-file attribute, so that plans stay fast and the state small " +
			"with 100,000 files: see `changes` and `digest`.",
		Attributes: map[string]schema.Attribute{
			"id": stable("The destination folder's path, as `path`."),
			"source_path": schema.StringAttribute{
				Required: true, Validators: []validator.String{remotePathValidator{}},
				MarkdownDescription: "Absolute path of the folder to mirror on the server, e.g. `/local/photos`. It must exist, and neither hold `path` nor lie below it. " + basePathNote,
			},
			"path": remotePath("Absolute path of the destination folder, e.g. `/onedrive/backup/photos`, on a mounted, enabled storage; created with its parents if missing. " +
				"Changing it replaces the resource. " + basePathNote),
			"include": patterns("Glob patterns of the files to mirror, matched against slash-separated paths relative to `source_path`: " +
				"`*`, `?` and `[…]` within a name, `**` for any number of folders (`**/*.jpg`). Default: every file."),
			"exclude": patterns("Glob patterns of files not to mirror, as for `include`, e.g. `[\"**/.DS_Store\", \"**/*.tmp\"]`. Exclude wins over include."),
			"delete_unmanaged": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "`false` (default): files below `path` that this resource did not copy are left alone. " +
					"`true`: they are deleted (those also at the source are copied over), so that the destination holds exactly the mirrored files; the plan lists each, except on create and when `delete_unmanaged` is turned on, where the apply deletes them unlisted (no refresh could list them before).",
			},
			"keep_on_destroy": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "`false` (default): destroying the resource deletes the files it copied (and the folders it made, once empty). " +
					"`true`: they stay, as a backup should.",
			},
			"changes": schema.MapAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "What the plan changes, one entry per file: relative path → the source file's size, modification time and hashes " +
					"for a file it copies (new, changed at the source, or changed or deleted at the destination), or `" + syncDelete + "` for a file it deletes " +
					"(dropped from the source or by `include`/`exclude`, or, with `delete_unmanaged`, a file of others). Empty when nothing changes. " +
					"Beyond 1,000 files, changes are counted by folder (`\"photos/2024/\" = \"1200 to copy, 3 to delete\"`). " +
					"After an apply it holds what that apply changed until the next refresh empties it. " +
					"To see every file of either folder, use the `alist_files` data source on `source_path` or `path`.",
			},
			"digest": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "A hex SHA-256 of the mirrored files' paths and source fingerprints (size, modification time, hashes): it changes exactly " +
					"when a mirrored file does, and a file changed or deleted at the destination drops out of it at refresh until copied again.",
			},
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx, "the copies",
			" For the mirror, `read` also limits the listing of both folders at plan and refresh: raise it for folders of many thousands of files.")},
	}
}

func (r *directoryMirrorResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer pathIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state directoryMirrorModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := r.data.operation(ctx, state.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	priv := loadMirrorPrivate(ctx, req.Private, &resp.Diagnostics)
	proctune.ExpectLargeHeap(len(priv.Copied) + len(priv.Sent))
	// The source too, for the plan that follows (prefetchedWalks); a
	// destination folder that is gone is an empty tree: every file is
	// planned again.
	srcTree, tree, _, srcErr, err := walkBoth(ctx, r.data.session, state.SourcePath.ValueString(), state.Path.ValueString())
	if srcErr == nil {
		r.data.walks.put(state.SourcePath.ValueString(), srcTree)
	}
	switch {
	case noStorage(err):
		// Disabled or unmounted for now: nothing is known of its files, and
		// the plan says what to do about the storage. Forgetting the copies
		// would copy them all again once it is back.
		return
	case err != nil:
		addAPIError(&resp.Diagnostics, tfpath.Root("path"), "Cannot list the destination folder", err)
		return
	}
	changed := priv.refresh(tree, state.DeleteUnmanaged.ValueBool())
	// The last apply's changes are done: a plan with nothing to do keeps
	// this empty map, and one with changes shows only them.
	state.ID, state.Changes, state.Digest = state.Path, types.MapValueMust(types.StringType, nil), types.StringValue(mirrorDigest(priv.held()))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	if changed {
		// Else the prior private state stays as it is: with many files,
		// encoding the same records again is a good part of a no-op plan.
		priv.save(ctx, resp.Private, &resp.Diagnostics)
	}
}

// refresh compares the destination's listing with what the copies left: a
// copied file keeps its record while the destination reports what it did
// after the copy, and is marked stale (copied again) when it changed; a
// missing one is forgotten (planned again if the source still has it). A
// file sent whose copy was not seen to arrive is adopted when it is there
// now, a copy of the source as it was sent. With delete_unmanaged, the
// files of others are recorded (deleted, or copied over). It reports
// whether any record changed.
func (mp *mirrorPrivate) refresh(tree *alist.Tree, deleteUnmanaged bool) bool {
	seen := make(map[string]bool, len(tree.Files))
	before := mp.Unmanaged
	mp.Unmanaged = nil
	changed := false
	for _, f := range tree.Files {
		seen[f.Rel] = true
		rec, copied := mp.Copied[f.Rel]
		sent, wasSent := mp.Sent[f.Rel]
		switch {
		case copied && rec.Dst.sameAs(&f.Object):
		case wasSent && sent.copiedTo(&f.Object):
			mp.Copied[f.Rel] = &mirrorCopy{Src: sent, Dst: sideOf(&f.Object)}
			delete(mp.Sent, f.Rel)
			changed = true
		case copied:
			changed = changed || !rec.Stale
			rec.Stale = true
		case deleteUnmanaged:
			mp.Unmanaged = append(mp.Unmanaged, f.Rel)
		}
	}
	for rel := range mp.Copied {
		if !seen[rel] {
			delete(mp.Copied, rel)
			changed = true
		}
	}
	slices.Sort(mp.Unmanaged)
	return changed || !slices.Equal(before, mp.Unmanaged)
}

func (r *directoryMirrorResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer pathIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan directoryMirrorModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := r.data.operation(ctx, plan.Timeouts.Create, defaultUploadTimeout, &resp.Diagnostics)
	defer cancel()
	priv := loadMirrorPrivate(ctx, nil, &resp.Diagnostics) // a create has none
	r.mirror(ctx, &plan, priv, &resp.Diagnostics)
	if resp.Diagnostics.HasError() && len(priv.Copied) == 0 && len(priv.Created) == 0 && len(priv.Sent) == 0 {
		return // nothing was made or sent to the server: nothing to track
	}
	r.data.warnBasePath(ctx, tfpath.Root("path"), plan.Path.ValueString(), false, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	priv.save(ctx, resp.Private, &resp.Diagnostics)
}

func (r *directoryMirrorResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer pathIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, state directoryMirrorModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := r.data.operation(ctx, plan.Timeouts.Update, defaultUploadTimeout, &resp.Diagnostics)
	defer cancel()
	priv := loadMirrorPrivate(ctx, req.Private, &resp.Diagnostics)
	r.mirror(ctx, &plan, priv, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	priv.save(ctx, resp.Private, &resp.Diagnostics)
}

func (r *directoryMirrorResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state directoryMirrorModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || state.KeepOnDestroy.ValueBool() {
		return
	}
	ctx, cancel := r.data.operation(ctx, state.Timeouts.Delete, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	priv := loadMirrorPrivate(ctx, req.Private, &resp.Diagnostics)
	proctune.ExpectLargeHeap(len(priv.Copied))
	copied := slices.Sorted(maps.Keys(priv.Copied))
	// A tainted resource (its create failed part way) is replaced without
	// its private state: Terraform plans the new object from nothing and
	// hands that plan's private state to this destroy. Nothing is known to
	// be copied then, and nothing is removed: the create that follows
	// adopts the files already there (mirror) instead of copying them
	// again. A plain destroy gets the private state and removes the copies.
	s := mirrorSyncer(r.data.session, state.Path.ValueString(), priv)
	if s.remove(ctx, copied, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return // the state keeps the resource: destroy can be run again
	}
	s.removeEmptyCreated(ctx, nil, &resp.Diagnostics)
}

func (r *directoryMirrorResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByPath(ctx, req, resp, pathIdentity, "destination folder", "/onedrive/backup/photos", map[string]any{"delete_unmanaged": false, "keep_on_destroy": false})
}

func (r *directoryMirrorResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	v0 := directoryMirrorSchemaV0(ctx)
	return map[int64]resource.StateUpgrader{0: {PriorSchema: &v0, StateUpgrader: upgradeDirectoryMirrorStateV0}}
}

// directoryMirrorSchemaV0 is the schema of version 0, which had `files`
// (every managed file: relative path → the source's fingerprint when
// copied, "" for one to copy again or of others) instead of `changes` and
// `digest`.
func directoryMirrorSchemaV0(ctx context.Context) schema.Schema {
	return withFilesV0(directoryMirrorSchema(ctx))
}

type directoryMirrorModelV0 struct {
	ID              types.String   `tfsdk:"id"`
	SourcePath      types.String   `tfsdk:"source_path"`
	Path            types.String   `tfsdk:"path"`
	Include         types.List     `tfsdk:"include"`
	Exclude         types.List     `tfsdk:"exclude"`
	DeleteUnmanaged types.Bool     `tfsdk:"delete_unmanaged"`
	KeepOnDestroy   types.Bool     `tfsdk:"keep_on_destroy"`
	Files           types.Map      `tfsdk:"files"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

// upgradeDirectoryMirrorStateV0 keeps everything but `files`, whose
// fingerprints give `digest` (what a plan of the same files computes, so
// the upgrade plans nothing), with no pending changes. A "" value (to copy
// again, or a file of others) is left out of the digest, as a refresh
// leaves it. The private state, which the upgrade does not see, is read in
// either form.
func upgradeDirectoryMirrorStateV0(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var old directoryMirrorModelV0
	resp.Diagnostics.Append(req.State.Get(ctx, &old)...)
	if resp.Diagnostics.HasError() {
		return
	}
	files := fileMapOf(old.Files)
	maps.DeleteFunc(files, func(_, fp string) bool { return fp == "" })
	resp.Diagnostics.Append(resp.State.Set(ctx, &directoryMirrorModel{
		ID: old.ID, SourcePath: old.SourcePath, Path: old.Path, Include: old.Include, Exclude: old.Exclude,
		DeleteUnmanaged: old.DeleteUnmanaged, KeepOnDestroy: old.KeepOnDestroy,
		Changes: types.MapValueMust(types.StringType, nil), Digest: types.StringValue(mirrorDigest(files)),
		Timeouts: old.Timeouts,
	})...)
}
