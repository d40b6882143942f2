package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var (
	_ resource.ResourceWithConfigure   = (*storageResource)(nil)
	_ resource.ResourceWithImportState = (*storageResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*storageResource)(nil)

	_ resource.ResourceWithConfigValidators = (*storageResource)(nil)
)

// ConfigValidators: the secrets come from one attribute or the other.
func (r *storageResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.Conflicting(tfpath.MatchRoot("sensitive_addition"), tfpath.MatchRoot("sensitive_addition_wo")),
	}
}

type storageResource struct{ resourceBase }

func newStorageResource() resource.Resource { return &storageResource{} }

var pathAddition = tfpath.Root("addition")

func (r *storageResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_storage"
	storageIdentity.behavior(resp)
}

// storageSetting is one of a storage's own fields (not its driver's): the
// drivers list those they show in driver/info's `common`, which is how a
// plan knows whether this server and driver have it, and its default.
type storageSetting struct {
	name    string
	kind    string // "string", "bool" or "int"
	choices []string
	desc    string
	// natural: a flag whose default is false on every server and driver
	// that has it; left out, it is planned false, so a change made in the
	// web UI shows and is put back. The others default by driver or
	// version, and left out keep the server's value.
	natural bool
}

var storageSettings = []storageSetting{
	{name: "remark", kind: "string", desc: "A note shown to admins. On v3.62 and OpenList a first line `ref:/other/mount` makes the storage share another storage's session."},
	{name: "order", kind: "int", desc: "Sort key of the storage among the mounts."},
	{name: "cache_expiration", kind: "int", desc: "Minutes the server keeps a folder listing of this storage (drivers that cache listings; `0` keeps none)."},
	{name: "web_proxy", kind: "bool", desc: "Serve downloads through the AList server instead of redirecting to the storage."},
	{name: "webdav_policy", kind: "string", choices: []string{"302_redirect", "use_proxy_url", "native_proxy"}, desc: "How WebDAV clients get files: `302_redirect`, `use_proxy_url` or `native_proxy` (the choices a driver offers are checked at plan)."},
	{name: "down_proxy_url", kind: "string", desc: "Download proxy URL(s), one per line."},
	{name: "enable_sign", kind: "bool", natural: true, desc: "Sign the download links of this storage."},
	{name: "order_by", kind: "string", choices: []string{"name", "size", "modified"}, desc: "Sort listings by `name`, `size` or `modified` (drivers that sort locally); empty for the storage's own order."},
	{name: "order_direction", kind: "string", choices: []string{"asc", "desc"}, desc: "`asc` or `desc`, with `order_by`."},
	{name: "extract_folder", kind: "string", choices: []string{"front", "back"}, desc: "Put folders at the `front` or `back` of listings."},
	{name: "proxy_range", kind: "bool", natural: true, desc: "Proxy range requests (drivers that offer it)."},
	{name: "disable_index", kind: "bool", desc: "Leave the storage out of the search index. AList v3.62 and OpenList only."},
	{name: "down_proxy_sign", kind: "bool", desc: "Sign the download proxy URL. AList v3.62 only (OpenList has `disable_proxy_sign`, the inverse)."},
	{name: "disable_proxy_sign", kind: "bool", desc: "Do not sign the download proxy URL. OpenList only (AList v3.62 has `down_proxy_sign`, the inverse)."},
	{name: "custom_cache_policies", kind: "string", desc: "Per-path listing cache times, one `glob:minutes` per line. OpenList only, drivers that cache listings."},
}

func (st storageSetting) attribute() schema.Attribute {
	if st.natural {
		return schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: st.desc + " Default `false` (" + leftOutLink + ")."}
	}
	desc := st.desc + " Left out: new storages get the driver's default (as the web UI fills it in), existing ones keep the server's value (" + leftOutLink + ")."
	switch st.kind {
	case "bool":
		return schema.BoolAttribute{Optional: true, Computed: true, MarkdownDescription: desc,
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}}
	case "int":
		return schema.Int64Attribute{Optional: true, Computed: true, MarkdownDescription: desc,
			PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
	}
	a := schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: desc,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	if st.choices != nil {
		// "" is what the server holds after an update that left the field
		// out; it behaves as the default.
		a.Validators = []validator.String{stringvalidator.OneOf(append([]string{""}, st.choices...)...)}
	}
	return a
}

func (r *storageResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id": stable("The storage's numeric id on the server."),
		"mount_path": schema.StringAttribute{
			Required: true, Validators: []validator.String{mountPathValidator{}},
			MarkdownDescription: "Where the storage appears, e.g. `/media`. Unique on the server. Written as the server stores it " +
				"(a leading `/`, no trailing `/`): another spelling is refused with the form to use. Changing it remounts the storage in place " +
				"(on v3.62 roles' permission scopes follow; users' base paths do not)." + storageIdentity.followsNote(),
		},
		"driver": schema.StringAttribute{
			Required: true, PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			MarkdownDescription: "The driver's name as the server lists it, e.g. `Local`, `WebDav`, `S3`, `AList V3` (the data source `alist_driver` shows a driver's settings). " +
				"Checked at plan against the server's drivers. Changing it replaces the storage.",
		},
		"addition": schema.MapAttribute{
			Optional: true, ElementType: types.StringType,
			MarkdownDescription: "The driver's settings, e.g. `{ root_folder_path = \"/srv/media\", show_hidden = false }`. Checked at plan against the driver's fields: " +
				"unknown keys, values of the wrong type or outside a choice list, and missing required fields are refused, naming the key. " +
				"Only the keys set here are compared with the server, which fills in every other field (a new storage gets the driver's defaults); " +
				"a key removed from here keeps its value on the server. An import takes the keys whose value differs from the driver's default. " +
				"Put passwords, tokens and keys in `sensitive_addition_wo` or `sensitive_addition`.",
		},
		"sensitive_addition": schema.MapAttribute{
			Optional: true, Sensitive: true, ElementType: types.StringType,
			MarkdownDescription: "The driver's secret settings (passwords, tokens, access keys), merged with `addition` when sent. " +
				"Sent on create and whenever the configured value changes; never compared with what the server holds " +
				"(drivers refresh their tokens), never read back, never shown in a plan. " + writeOnlyTradeOff("sensitive_addition", "sensitive_addition_wo"),
		},
		"sensitive_addition_wo": schema.MapAttribute{
			Optional: true, WriteOnly: true, Sensitive: true, ElementType: types.StringType,
			MarkdownDescription: "The driver's secret settings, **write-only**: merged with `addition` and sent on create and when `sensitive_addition_wo_version` changes, " +
				"never stored in the plan or the state, never read back. The recommended form. Checked at plan against the driver's fields as `sensitive_addition` is " +
				"(an unknown key is refused, naming it). Drift: none is seen, as with `sensitive_addition` (drivers rewrite their secrets): a secret changed in the web UI " +
				"stays until the version changes. One or the other: `sensitive_addition` or `sensitive_addition_wo`.",
		},
		"sensitive_addition_wo_version": writeOnlyVersion("sensitive_addition_wo",
			"Any number: changing it sends `sensitive_addition_wo` again (a credential rotation), in place. Only with `sensitive_addition_wo`."),
		"disabled": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Keep the storage unmounted. Default `false`: a storage disabled in the web UI is mounted again " +
				"(" + leftOutLink + ").",
		},
		"status": computedString("`work` when the driver runs, `disabled`, or the driver's error."),
	}
	for _, st := range storageSettings {
		attrs[st.name] = st.attribute()
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A storage: a driver (a local folder, WebDAV, S3, another AList server, a cloud drive…) mounted at a path of the AList site. " +
			"Needs an admin account. Fields a server version lacks are refused at plan.",
		Attributes: attrs,
	}
}

func (r *storageResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer storageIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan storageModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.requestContext(ctx)
	s := r.data.session
	info := r.data.driverInfo(ctx, plan.Driver.ValueString(), &resp.Diagnostics)
	if info == nil {
		return
	}
	configWriteOnly(ctx, req.Config, "sensitive_addition_wo", &plan.SensitiveAdditionWO, &resp.Diagnostics)
	addition, err := newAddition(info, stringMap(ctx, plan.Addition, &resp.Diagnostics), stringMap(ctx, plan.secrets(), &resp.Diagnostics))
	if err != nil {
		resp.Diagnostics.AddAttributeError(pathAddition, "Invalid addition", err.Error())
		return
	}
	st := &alist.Storage{}
	plan.overlay(st)
	if st.Addition, err = additionText(addition); err != nil {
		resp.Diagnostics.AddAttributeError(pathAddition, "Invalid addition", err.Error())
		return
	}
	// Created enabled whatever the plan says: the server records disabled
	// on create but mounts the storage anyway.
	id, err := s.CreateStorage(ctx, st)
	var ie *alist.StorageInitError
	if errors.As(err, &ie) {
		r.undoCreate(ctx, ie, &plan, info, resp)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Root("mount_path"), "Cannot create the storage", err)
		return
	}
	plan.ID = idValue(id)
	row, err := s.Storage(ctx, id)
	if err == nil {
		// What create did not keep (v3.62 creates down_proxy_sign = false
		// as true: a database default) is set by an update.
		row, err = r.send(ctx, &plan, row, nil)
	}
	if err == nil && plan.Disabled.ValueBool() {
		row, err = r.setDisabled(ctx, row, true)
	}
	if err != nil {
		// The storage exists: keep it in state (tainted), so it is not orphaned.
		r.saveAfterError(ctx, &plan, info, id, &resp.State, &resp.Diagnostics)
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot finish setting up the new storage", err)
		return
	}
	echo := sentEcho(ctx, row, plan.Addition, &resp.Diagnostics)
	saveEcho(ctx, resp.Private, echo, &resp.Diagnostics)
	plan.SensitiveAdditionWO = types.MapNull(types.StringType)
	resp.Diagnostics.Append(plan.fill(ctx, row, info, false, echo)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// peerDriver is the driver that mounts a folder of another AList server.
const peerDriver = "AList V3"

// warnPeerDriver says so, at plan, when a new storage is an AList V3 mount on an
// OpenList release whose driver of that name serves only the top folder
// (alist.ServerInfo.PeerDriverTopOnly): it works, and shows the target's
// root in every folder below it. Best effort: no version, no warning.
func warnPeerDriver(ctx context.Context, s *alist.Session, row *alist.Storage, diags *diag.Diagnostics) {
	if row.Driver != peerDriver {
		return
	}
	info, err := s.Info(ctx)
	if err != nil || !info.PeerDriverTopOnly() {
		return
	}
	diags.AddAttributeWarning(tfpath.Root("driver"), "This server's AList V3 driver serves only the top folder",
		fmt.Sprintf("On %s the %q driver lists %s's top folder, but every folder below it shows the target server's root instead, "+
			"and the files there are not found (an OpenList bug from v4.1.9 to at least v4.2.5, fixed upstream after v4.2.5). "+
			"For a target that runs OpenList or AList up to v3.45, use driver = \"OpenList\", which serves every folder; otherwise upgrade this server.",
			info, peerDriver, row.MountPath))
}

// undoCreate handles a storage whose driver failed to start: the server
// kept the row, mounted with the error as its status. It is removed, so
// that nothing is left behind; if that fails, it goes into state, where
// Terraform marks it tainted and the next apply replaces it.
func (r *storageResource) undoCreate(ctx context.Context, ie *alist.StorageInitError, plan *storageModel, info *alist.DriverInfo, resp *resource.CreateResponse) {
	detail := fmt.Sprintf("The %s driver failed to start: %s\n\n", plan.Driver.ValueString(), ie.Err.Message)
	if err := r.data.session.DeleteStorage(ctx, ie.ID); err != nil && !errors.Is(err, alist.ErrNotFound) {
		r.saveAfterError(ctx, plan, info, ie.ID, &resp.State, &resp.Diagnostics)
		resp.Diagnostics.AddAttributeError(pathAddition, "The storage's driver failed to start",
			detail+fmt.Sprintf("The server kept the storage (id %d) and removing it failed (%s): it is in the state as tainted, and the next apply replaces it. "+
				"Fix the driver's settings in addition/sensitive_addition first.", ie.ID, err))
		return
	}
	resp.Diagnostics.AddAttributeError(pathAddition, "The storage's driver failed to start",
		detail+"The storage the server had created anyway was removed again: nothing is left on the server. Fix the driver's settings in addition/sensitive_addition, and apply again.")
}

// saveAfterError records a storage that exists but whose create failed.
func (r *storageResource) saveAfterError(ctx context.Context, plan *storageModel, info *alist.DriverInfo, id uint, state *tfsdk.State, diags *diag.Diagnostics) {
	row, err := r.data.session.Storage(ctx, id)
	if err != nil {
		diags.AddError("The new storage could not be recorded",
			fmt.Sprintf("Storage id %d exists on the server but could not be read back (%s). Import it (`terraform import <address> id:%d`) or delete it in AList's web UI.", id, err, id))
		return
	}
	plan.SensitiveAdditionWO = types.MapNull(types.StringType)
	diags.Append(plan.fill(ctx, row, info, false, sentEcho(ctx, row, plan.Addition, diags))...)
	diags.Append(state.Set(ctx, plan)...)
}

// send updates the row with the plan's values and the given addition (nil:
// the row's own), when that changes anything, and returns the row as the
// server then has it.
func (r *storageResource) send(ctx context.Context, plan *storageModel, row *alist.Storage, addition map[string]any) (*alist.Storage, error) {
	want := *row
	plan.overlay(&want)
	if addition != nil && !sameAddition(row, addition) {
		text, err := additionText(addition)
		if err != nil {
			return nil, err
		}
		want.Addition = text
	}
	before, _ := json.Marshal(row)
	after, err := json.Marshal(want)
	if err != nil || string(before) == string(after) {
		return row, err
	}
	if err := r.data.session.UpdateStorage(ctx, &want); err != nil {
		return nil, err
	}
	return r.data.session.Storage(ctx, row.ID)
}

// sameAddition tells whether an addition holds what the row has, whatever
// the order of its keys: sending it again would only restart the driver
// (an imported storage whose configuration names a key at its default
// plans that key into state, and changes nothing on the server).
func sameAddition(row *alist.Storage, addition map[string]any) bool {
	held, err := row.AdditionMap()
	if err != nil {
		return false
	}
	a, err1 := additionText(held)
	b, err2 := additionText(addition)
	return err1 == nil && err2 == nil && a == b
}

// setDisabled mounts or unmounts through the routes made for it: an update
// only writes the flag to the database. Neither route is idempotent,
// hence the check.
func (r *storageResource) setDisabled(ctx context.Context, row *alist.Storage, disabled bool) (*alist.Storage, error) {
	if row.Disabled == disabled {
		return row, nil
	}
	s := r.data.session
	op := s.EnableStorage
	if disabled {
		op = s.DisableStorage
	}
	if err := op(ctx, row.ID); err != nil {
		return nil, err
	}
	return s.Storage(ctx, row.ID)
}

func (r *storageResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer storageIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	ctx, state, row, ok := readRow(ctx, r.data, req, resp, "storage", func(ctx context.Context, m *storageModel) (*alist.Storage, error) {
		return r.data.session.Storage(ctx, rowID(m.ID))
	})
	if !ok || !r.refresh(ctx, state, row, loadEcho(ctx, req.Private, &resp.Diagnostics), &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// refresh sets m from the row as Read does (the list resource's objects
// too); false, with the error added, when the driver cannot be read.
func (r *storageResource) refresh(ctx context.Context, m *storageModel, row *alist.Storage, echo map[string]string, diags *diag.Diagnostics) bool {
	info := r.data.driverInfo(ctx, row.Driver, diags)
	if info == nil {
		return false
	}
	// driver is required, so only an import leaves it null.
	diags.Append(m.fill(ctx, row, info, m.Driver.IsNull(), echo)...)
	warnStatus(row, diags)
	return true
}

// importedStorage is what an import puts in state before the refresh: the id.
func importedStorage(row *alist.Storage) storageModel {
	m := storageModel{SensitiveAddition: types.MapNull(types.StringType), SensitiveAdditionWO: types.MapNull(types.StringType), SensitiveWOVersion: types.Int64Null()}
	m.ID, m.Addition = idValue(row.ID), types.MapNull(types.StringType)
	return m
}

// warnStatus says so when a storage's driver is not running.
func warnStatus(row *alist.Storage, diags *diag.Diagnostics) {
	if row.Status != alist.StatusWork && !row.Disabled {
		diags.AddWarning("Storage "+row.MountPath+" is not working",
			fmt.Sprintf("The %s driver reports: %s\nFix its settings (addition/sensitive_addition) and apply.", row.Driver, row.Status))
	}
}

func (r *storageResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer storageIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, state storageModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.requestContext(ctx)
	s := r.data.session
	row, err := s.Storage(ctx, rowID(state.ID))
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot read the storage before updating it", err)
		return
	}
	info := r.data.driverInfo(ctx, row.Driver, &resp.Diagnostics)
	if info == nil {
		return
	}
	addition, err := row.AdditionMap()
	if err == nil {
		sets := []map[string]string{stringMap(ctx, plan.Addition, &resp.Diagnostics)}
		configWriteOnly(ctx, req.Config, "sensitive_addition_wo", &plan.SensitiveAdditionWO, &resp.Diagnostics)
		if !plan.SensitiveAddition.Equal(state.SensitiveAddition) ||
			!plan.SensitiveAdditionWO.IsNull() && resendWriteOnly(plan.SensitiveWOVersion, &state.SensitiveWOVersion) {
			sets = append(sets, stringMap(ctx, plan.secrets(), &resp.Diagnostics))
		}
		err = overlayAddition(info, addition, sets...)
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(pathAddition, "Cannot update the storage's addition", err.Error())
		return
	}
	updated, err := r.send(ctx, &plan, row, addition)
	if err == nil && !plan.Disabled.IsUnknown() {
		updated, err = r.setDisabled(ctx, updated, plan.Disabled.ValueBool())
	}
	if err != nil {
		// The server may have saved part of it (a driver that fails to
		// restart keeps the new row): state follows the server. Secrets
		// are not read back: the old ones stay, so that the new ones are
		// sent again.
		plan.SensitiveAddition, plan.SensitiveWOVersion = state.SensitiveAddition, state.SensitiveWOVersion
		r.saveAfterError(ctx, &plan, info, row.ID, &resp.State, &resp.Diagnostics)
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot update the storage", err)
		return
	}
	echo := sentEcho(ctx, updated, plan.Addition, &resp.Diagnostics)
	saveEcho(ctx, resp.Private, echo, &resp.Diagnostics)
	plan.SensitiveAdditionWO = types.MapNull(types.StringType)
	resp.Diagnostics.Append(plan.fill(ctx, updated, info, false, echo)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *storageResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state storageModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.requestContext(ctx)
	s, id := r.data.session, rowID(state.ID)
	err := s.DeleteStorage(ctx, id)
	var ae *alist.APIError
	if errors.As(err, &ae) && containsFold(ae.Message, "no mount path") {
		// Enabled in the database but not mounted (a failed remount):
		// the server deletes such a row only once it is marked disabled.
		if row, rerr := s.Storage(ctx, id); rerr == nil {
			row.Disabled = true
			if uerr := s.UpdateStorage(ctx, row); uerr == nil {
				err = s.DeleteStorage(ctx, id)
			}
		}
	}
	deleteFailed(&resp.Diagnostics, tfpath.Root("mount_path"), "storage", err)
}

// ImportState takes the mount path (`/media`) or the id (`id:7`).
func (r *storageResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ctx = r.data.requestContext(ctx)
	s := r.data.session
	name := storageIdentity.importName(ctx, req, &resp.Diagnostics)
	n, byID := strings.CutPrefix(name, "id:")
	id, perr := strconv.ParseUint(n, 10, 64)
	var row *alist.Storage
	var err error
	switch {
	case resp.Diagnostics.HasError():
		return
	case byID && (perr != nil || id == 0), !byID && !strings.HasPrefix(name, "/"):
		storageIdentity.refuseImport(&resp.Diagnostics, name, "the storage's mount path, e.g. /media, or its numeric id as id:7")
		return
	case byID:
		row, err = s.Storage(ctx, uint(id))
	default:
		row, err = s.StorageByMountPath(ctx, name)
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot find the storage to import", err)
		return
	}
	m := importedStorage(row)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(storageIdentity.set(ctx, resp.Identity, row.MountPath)...)
	if info, ierr := s.Driver(ctx, row.Driver); ierr == nil {
		warnSecretAddition(row, info, &resp.Diagnostics)
	}
}

// warnSecretAddition tells, on import and in a list result, which of the
// driver's settings are left out of `addition` and where they go.
func warnSecretAddition(row *alist.Storage, info *alist.DriverInfo, diags *diag.Diagnostics) {
	if keys := secretKeys(info); len(keys) > 0 {
		diags.AddWarning("Secret settings are not imported",
			fmt.Sprintf("The %s driver's settings %s of the storage %s are left out of `addition`, so that they never land in plain state or a generated configuration. "+
				"Set them in `sensitive_addition_wo` (write-only: never stored in the state; Terraform >= 1.11) or `sensitive_addition` (kept in the state, sensitive) "+
				"if Terraform should manage them; until then the server keeps its values.", row.Driver, quoteList(keys), row.MountPath))
	}
}

// additionText is an addition as the JSON text the server stores.
func additionText(m map[string]any) (string, error) {
	b, err := json.Marshal(m)
	return string(b), err
}
