package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var (
	_ resource.ResourceWithConfigure        = (*fileResource)(nil)
	_ resource.ResourceWithImportState      = (*fileResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*fileResource)(nil)
	_ resource.ResourceWithConfigValidators = (*fileResource)(nil)
	_ resource.ResourceWithUpgradeState     = (*fileResource)(nil)
)

const (
	defaultUploadTimeout = 30 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
)

type fileResource struct {
	resourceBase
}

func newFileResource() resource.Resource { return &fileResource{} }

type fileResourceModel struct {
	ID            types.String   `tfsdk:"id"`
	Path          types.String   `tfsdk:"path"`
	Content       types.String   `tfsdk:"content"`
	ContentBase64 types.String   `tfsdk:"content_base64"`
	Source        types.String   `tfsdk:"source"`
	ContentWO     types.String   `tfsdk:"content_wo"` // null except when read from the config
	ContentWOVer  types.Int64    `tfsdk:"content_wo_version"`
	ContentSHA256 types.String   `tfsdk:"content_sha256"`
	Overwrite     types.Bool     `tfsdk:"overwrite"`
	AsTask        types.Bool     `tfsdk:"as_task"`
	Size          types.Int64    `tfsdk:"size"`
	Modified      types.String   `tfsdk:"modified"`
	HashInfo      types.Map      `tfsdk:"hash_info"`
	RawURL        types.String   `tfsdk:"raw_url"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

func (r *fileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_file"
	pathIdentity.behavior(resp)
}

func (r *fileResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		// 1: content_wo_version became a number (upgradeFileStateV0).
		Version: 1,
		MarkdownDescription: "A file on the AList server, uploaded from a string (`content`), base64 bytes (`content_base64`), a local file (`source`, streamed with constant memory) " +
			"or a write-only string (`content_wo`). " + writeOnlyNote("content_wo", "content") + " " +
			"Changing the content re-uploads the file in place; changing `path` replaces it. A file changed or deleted outside Terraform is detected and restored.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The file's path, as `path`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"path": remotePath("Absolute path of the file on the AList site, starting with a storage's mount path, e.g. `/local/app/config.yaml`. " +
				"Missing parent folders are created. " + movedNote("file") + " " + basePathNote),
			"content": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The file's content as UTF-8 text. Exactly one of `content`, `content_base64`, `source` and `content_wo` is set. Changing it re-uploads the file in place.",
			},
			"content_base64": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The file's content as standard base64, for binary data (e.g. `filebase64(\"logo.png\")`). Changing it re-uploads the file in place.",
				Validators:          []validator.String{base64Validator{}},
			},
			"source": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path of a local file to upload, streamed from disk with constant memory whatever its size. The file must exist when the plan is made. " +
					"Editing the file plans an in-place update; an unchanged file (same size, modification time and inode) is not read again at plan time.",
			},
			"content_wo": writeOnlyString(
				"The file's content as UTF-8 text, **write-only**: sent to the server but never stored in the plan or the state (Terraform >= 1.11 or OpenTofu >= 1.11), " +
					"for secret configuration files. Terraform cannot see changes to it: change `content_wo_version` to upload a new value. " +
					"`content_sha256` stays null so that not even a hash of the secret is kept."),
			"content_wo_version": writeOnlyVersion("content_wo",
				"A number, as `alist_user`'s `password_wo_version`: changing it uploads `content_wo` again, in place. Only with `content_wo`."),
			"content_sha256": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Hex SHA-256 of the content. Known at plan time for an existing file; when a file is created from `source` it is computed while streaming. " +
					"Empty when the file on the server was changed outside Terraform, which plans an update that restores it.",
			},
			"overwrite": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "On create, and on a move to a new `path`, replace a file that already exists at `path` and that Terraform does not manage. With the default `false` the create fails and shows the `terraform import` command instead, and a move fails and moves nothing. " +
					"Changing it changes nothing on the server.",
			},
			"as_task": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Upload as a background task of the server (`As-Task`), then wait until the file is in place with the expected size, or the task failed, within the `timeouts`. " +
					"Useful for storages that forward uploads to a remote service. Default `false`. Changing it changes nothing on the server.",
			},
			"size":     schema.Int64Attribute{Computed: true, MarkdownDescription: "Size in bytes, as the server reports it."},
			"modified": computedString("Modification time the server reports (RFC 3339)."),
			"hash_info": schema.MapAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Hashes the storage reports, by name (e.g. `md5`); empty when the storage keeps none (Local).",
			},
			"raw_url": computedString("Direct download URL (`/p/…?sign=…` for proxied storages such as Local, else the storage's own link, which may expire). " +
				"On AList v3.60 and later, which decode `/p/` paths twice, each `%` of a name is escaped once more, so that the link downloads the file. " +
				"Refreshed on every read, never a cause of a diff. The rest of the server's metadata (`name`, `created`, `sign`, `storage_provider`) is in the `alist_file` data source: " +
				"the resource keeps only what it needs, which keeps large states small."),
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeoutsBlock(ctx, "the upload, and with `as_task` the wait for the server's task", ""),
		},
	}
}

func (r *fileResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("content"), path.MatchRoot("content_base64"), path.MatchRoot("source"), path.MatchRoot("content_wo")),
	}
}

func (r *fileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer pathIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan fileResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := r.data.operation(ctx, plan.Timeouts.Create, defaultUploadTimeout, &resp.Diagnostics)
	defer cancel()

	configWriteOnly(ctx, req.Config, "content_wo", &plan.ContentWO, &resp.Diagnostics)
	p := plan.Path.ValueString()
	if !plan.Overwrite.ValueBool() && !r.serverRefusesOverwrite(ctx) && !r.refuseExisting(ctx, p, &resp.Diagnostics) {
		return
	}
	up := r.upload(ctx, &plan, uploadOptions{create: true}, &resp.Diagnostics)
	if up == nil {
		return
	}
	r.data.warnBasePath(ctx, path.Root("path"), p, false, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	up.savePrivate(ctx, resp.Private, &resp.Diagnostics)
}

// serverRefusesOverwrite reports whether the upload's Overwrite: false header
// is enough to protect an existing file, which saves a round trip per
// create. v3.38 ignores the header, so there the provider checks first.
func (r *fileResource) serverRefusesOverwrite(ctx context.Context) bool {
	info, err := r.data.session.Info(ctx)
	return err == nil && info.HonoursOverwrite()
}

// refuseExisting reports whether path is free, adding an error (with the
// import command) when a file or folder is there already.
func (r *fileResource) refuseExisting(ctx context.Context, p string, diags *diag.Diagnostics) bool {
	obj, err := r.data.session.Get(ctx, p, "")
	switch {
	case errors.Is(err, alist.ErrNotFound):
		return true
	case errors.Is(err, alist.ErrParentIsFile):
		addAPIError(diags, path.Root("path"), "Cannot upload the file", err)
		return false
	case err != nil:
		addAPIError(diags, path.Root("path"), "Cannot check whether the file exists", err)
		return false
	case obj.IsDir:
		diags.AddAttributeError(path.Root("path"), "A folder exists at this path",
			fmt.Sprintf("%q is a folder on the server, so a file cannot be uploaded there. Choose another path.", p))
		return false
	}
	diags.AddAttributeError(path.Root("path"), "The file already exists",
		fmt.Sprintf("A file already exists at %q (%d bytes) and Terraform does not manage it, so it was left untouched.\n\n"+
			"%s\nTo replace it with this content instead, set overwrite = true.", p, obj.Size, importHint(p)))
	return false
}

func (r *fileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer pathIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state fileResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := r.data.operation(ctx, state.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()

	p := state.Path.ValueString()
	obj, err := r.data.session.Get(ctx, p, "")
	if errors.Is(err, alist.ErrNotFound) || (err == nil && obj.IsDir) {
		// Gone (or replaced by a folder): drop it so that the plan recreates it.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, path.Root("path"), "Cannot read the file", err)
		return
	}
	switch {
	case state.ContentSHA256.IsNull() && !isWriteOnly(ctx, req.Private, &resp.Diagnostics):
		// Just imported: learn the content's hash so that an identical
		// configuration plans no change.
		state.ContentSHA256 = types.StringValue(r.remoteSHA256(ctx, obj))
	case changedOnServer(ctx, &state, obj, &resp.Diagnostics):
		// Changed outside Terraform: an empty hash never matches the desired
		// one, so the plan restores the file.
		state.ContentSHA256 = types.StringValue("")
	}
	state.ID = types.StringValue(p)
	resp.Diagnostics.Append(state.setRemote(ctx, obj)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// changedOnServer compares what the server reports with what was recorded
// after the last upload.
func changedOnServer(ctx context.Context, state *fileResourceModel, obj *alist.Object, diags *diag.Diagnostics) bool {
	if !state.Size.IsNull() && !state.Size.IsUnknown() && state.Size.ValueInt64() != obj.Size {
		return true
	}
	if m := state.Modified.ValueString(); m != "" && m != timeString(obj.Modified) {
		return true
	}
	recorded := map[string]string{}
	diags.Append(state.HashInfo.ElementsAs(ctx, &recorded, false)...)
	for k, v := range recorded {
		if got, ok := obj.HashInfo[k]; ok && got != v {
			return true
		}
	}
	return false
}

// remoteSHA256 downloads the file through its raw_url to hash it; "" when it
// cannot, which then plans a re-upload rather than guessing.
func (r *fileResource) remoteSHA256(ctx context.Context, obj *alist.Object) string {
	if obj.RawURL == "" {
		return ""
	}
	d, err := r.data.session.HashDownload(ctx, obj.RawURL, obj.Size)
	if err != nil {
		return ""
	}
	return d
}

func (r *fileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer pathIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, state fileResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	configWriteOnly(ctx, req.Config, "content_wo", &plan.ContentWO, &resp.Diagnostics)
	ctx, cancel := r.data.operation(ctx, plan.Timeouts.Update, defaultUploadTimeout, &resp.Diagnostics)
	defer cancel()
	moved := !plan.Path.Equal(state.Path)
	if moved {
		if !r.data.move(ctx, state.Path.ValueString(), plan.Path.ValueString(), plan.Overwrite.ValueBool(), &resp.Diagnostics) {
			return
		}
		// Where the file is now, should what follows fail.
		state.ID, state.Path = plan.Path, plan.Path
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
	if !needsUpload(&plan, &state, !plan.ContentWO.IsNull()) {
		// Moved, or only flags such as overwrite or timeouts changed:
		// nothing to send.
		plan.ContentWO = types.StringNull()
		if moved {
			obj, err := r.data.session.Get(ctx, plan.Path.ValueString(), "")
			if err != nil {
				addAPIError(&resp.Diagnostics, path.Root("path"), "Cannot read the moved file", err)
				return
			}
			resp.Diagnostics.Append(plan.setRemote(ctx, obj)...)
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}

	planned := loadFingerprint(ctx, req.Private, &resp.Diagnostics)
	up := r.upload(ctx, &plan, uploadOptions{planned: planned}, &resp.Diagnostics)
	if up == nil {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	up.savePrivate(ctx, resp.Private, &resp.Diagnostics)
}

func (r *fileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state fileResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := r.data.operation(ctx, state.Timeouts.Delete, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()

	err := r.data.session.RemovePath(ctx, state.Path.ValueString())
	if err != nil && !errors.Is(err, alist.ErrNotFound) {
		addAPIError(&resp.Diagnostics, path.Root("path"), "Cannot delete the file", err)
	}
}

func (r *fileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByPath(ctx, req, resp, pathIdentity, "file", "/local/app/config.yaml", map[string]any{"overwrite": false, "as_task": false})
}

// setRemote copies what the server reports into the model.
func (m *fileResourceModel) setRemote(ctx context.Context, obj *alist.Object) diag.Diagnostics {
	m.Size = types.Int64Value(obj.Size)
	m.Modified = types.StringValue(timeString(obj.Modified))
	m.RawURL = types.StringValue(obj.RawURL)
	var diags diag.Diagnostics
	m.HashInfo, diags = hashInfoValue(ctx, obj.HashInfo)
	return diags
}

func (r *fileResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{0: {StateUpgrader: upgradeFileStateV0}}
}

// upgradeFileStateV0 turns version 0's string content_wo_version into a
// number. A value that is not an integer becomes null, so that the next
// apply (whose configuration now holds a number) sends content_wo once.
func upgradeFileStateV0(_ context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	if req.RawState == nil {
		resp.Diagnostics.AddError("Cannot upgrade the state of alist_file", "the state is empty")
		return
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(req.RawState.JSON, &raw); err != nil {
		resp.Diagnostics.AddError("Cannot upgrade the state of alist_file", err.Error())
		return
	}
	raw["content_wo_version"] = contentWOVersionV1(raw["content_wo_version"])
	b, err := json.Marshal(raw)
	if err != nil {
		resp.Diagnostics.AddError("Cannot upgrade the state of alist_file", err.Error())
		return
	}
	resp.DynamicValue = &tfprotov6.DynamicValue{JSON: b}
}

// contentWOVersionV1 is version 0's content_wo_version (a JSON string or
// null) as a JSON number, or null.
func contentWOVersionV1(old json.RawMessage) json.RawMessage {
	var s string
	if json.Unmarshal(old, &s) != nil {
		return json.RawMessage("null")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return json.RawMessage("null")
	}
	return json.RawMessage(strconv.FormatInt(n, 10))
}
