package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var (
	_ resource.ResourceWithConfigure   = (*shareResource)(nil)
	_ resource.ResourceWithImportState = (*shareResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*shareResource)(nil)
	_ resource.ResourceWithIdentity    = (*shareResource)(nil)
)

type shareResource struct{ resourceBase }

func newShareResource() resource.Resource { return &shareResource{} }

type shareModel struct {
	ID          types.String `tfsdk:"id"`
	ShareID     types.String `tfsdk:"share_id"`
	Paths       types.List   `tfsdk:"paths"`
	ExpiresAt   types.String `tfsdk:"expires_at"`
	MaxAccesses types.Int64  `tfsdk:"max_accesses"`
	Remark      types.String `tfsdk:"remark"`
	Readme      types.String `tfsdk:"readme"`
	Header      types.String `tfsdk:"header"`
	Disabled    types.Bool   `tfsdk:"disabled"`
	// AList v3.62 only; null means true
	AllowPreview  types.Bool `tfsdk:"allow_preview"`
	AllowDownload types.Bool `tfsdk:"allow_download"`
	// null except when read from the config
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
	HasPassword       types.Bool   `tfsdk:"has_password"`
	URL               types.String `tfsdk:"url"`
	DownloadURL       types.String `tfsdk:"download_url"`
	AccessCount       types.Int64  `tfsdk:"access_count"`
}

// a62ShareID is the custom share id AList v3.62 takes; OpenList's
// (shareIDValidator) is wider: any letters of CJK scripts too, up to 64.
var (
	a62ShareID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)
	olShareID  = regexp.MustCompile(`^[\w\p{Han}-]{1,64}$`)
)

func (r *shareResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_share"
	shareIdentity.behavior(resp)
}

func (r *shareResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	openListOnly := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, MarkdownDescription: desc + " OpenList only; refused at plan on AList."}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A share link: files or folders of the site that anyone with the link (and the password, if any) may open and download without an account. " +
			"AList v3.62 and later and OpenList v4 have share links, each in its own way; AList v3.38 has none (an error at plan names the versions that do). " +
			"Shares belong to the account that creates them: on AList v3.62 only that account can see, change or delete them, admins included. " +
			"On OpenList the account needs the \"share\" permission.",
		Attributes: map[string]schema.Attribute{
			"id": stable("The share's id, as `share_id`."),
			"share_id": schema.StringAttribute{
				Optional: true, Computed: true,
				Validators:    []validator.String{shareIDValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
				MarkdownDescription: "The share's id, the last part of its links. Left out: the server picks a random one. " +
					"AList v3.62: 1 to 32 letters, digits, `_` or `-`, unique among all accounts' shares. OpenList: up to 64 letters, digits, `_`, `-` or CJK characters; " +
					"a custom id needs the \"customise share id\" permission, except for an admin (the provider names the admin as the share's creator, which OpenList accepts instead). " +
					"Changing it replaces the share: the old links stop working.",
			},
			"paths": schema.ListAttribute{
				Required: true, ElementType: types.StringType,
				Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues(), listvalidator.ValueStringsAre(remotePathValidator{})},
				MarkdownDescription: "The shared files or folders, absolute paths on the site, e.g. `[\"/local/reports/2026.pdf\"]`. " +
					"AList v3.62 shares exactly one, which must exist; changing it replaces the share (the server cannot move a share). " +
					"OpenList shares one or several, changed in place, and accepts a path that does not exist (the share then fails when opened).",
			},
			"expires_at": schema.StringAttribute{
				Optional: true, Validators: []validator.String{rfc3339Validator{}},
				MarkdownDescription: "When the share stops working, RFC 3339 with a time zone, e.g. `2030-01-31T18:00:00Z`. Left out: never. " +
					"It must be in the future when the share is created (both servers would create a share that is already expired). " +
					"Once it passes the share is refused; Terraform leaves an expired share alone while the configuration says the same date, " +
					"and a later date in the configuration renews it (in place on OpenList; AList v3.62 gets a new share).",
			},
			"max_accesses": schema.Int64Attribute{
				Optional: true, Computed: true, Default: int64default.StaticInt64(0), Validators: []validator.Int64{int64validator.AtLeast(0)},
				MarkdownDescription: "How many accesses the share serves before it is refused; `0` (the default): no limit. " +
					"AList v3.62 counts each download; a share that reached its limit is off for good, and the next plan replaces it (saying why). " +
					"OpenList counts one access per visitor IP address per 30 minutes.",
			},
			"remark": openListOnly("A note for the share's owner, shown in the web UI's share list."),
			"readme": openListOnly("Markdown shown below the shared folder's listing."),
			"header": openListOnly("Markdown shown above the shared folder's listing."),
			"allow_preview": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Visitors may open the shared files in the browser (AList's `/sp/` links). Left out: `true`. AList v3.62 only; refused at plan on OpenList. " +
					"The server ignores `false` on create, so the provider sets it by an update right after."},
			"allow_download": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Visitors may download the shared files (`/sd/` links, and so `download_url`). Left out: `true`. AList v3.62 only; refused at plan on OpenList. " +
					"The server ignores `false` on create, so the provider sets it by an update right after."},
			"disabled": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "The share is off: its links are refused. Default `false`. OpenList turns it off and on in place. " +
					"AList v3.62 cannot turn a share back on: a share disabled there (or in its web UI) while the configuration says `false` is replaced by a new one, and the plan says why.",
			},
			"password_wo": writeOnlyString("The password visitors must give, **write-only**: sent on create and when `password_wo_version` changes, never stored in the plan or the state " +
				"(`has_password` tells whether the share has one). Left out: none. " +
				"Drift: OpenList shows the share's password to its owner, so each plan compares it with `password_wo` without keeping either and puts back one changed in the web UI; " +
				"AList v3.62 never shows it, so only a password removed there is seen. Removing the password: in place on OpenList; AList v3.62 cannot (it takes an empty password as \"keep\"), so the share is replaced. " +
				writeOnlyNote("password_wo", "") + " There a share cannot have a password."),
			"password_wo_version": writeOnlyVersion("password_wo", "Any number: changing it sends `password_wo` again (a password rotation), in place. Only with `password_wo`."),
			"has_password":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the share asks for a password."},
			"url": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "The share's page in the web UI, to hand out: `<site>/s/<share_id>` on AList v3.62, `<site>/@s/<share_id>` on OpenList (`<site>`: the provider's `url`). " +
					"It never holds the password."},
			"download_url": schema.StringAttribute{Computed: true,
				MarkdownDescription: "For a share of one file: a link that downloads it, `<site>/sd/<share_id>`; null for a folder or several paths. " +
					"It never holds the password. With a password, OpenList takes it as `?pwd=<password>` after the link. " +
					"On AList v3.62 a password-protected share has **no lasting download link**: each download needs a fresh access token " +
					"(`POST /api/public/share/auth`, then `?auth=<token>`), which serves one download only; give visitors `url` instead."},
			"access_count": schema.Int64Attribute{Computed: true, PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				MarkdownDescription: "How many accesses the share has served, as the server counts them (see `max_accesses`)."},
		},
	}
}

// expiry is the configured expiry (nil: none, or not known yet).
func (m *shareModel) expiry() *time.Time {
	if m.ExpiresAt.IsNull() || m.ExpiresAt.IsUnknown() {
		return nil
	}
	t, err := time.Parse(time.RFC3339, m.ExpiresAt.ValueString())
	if err != nil {
		return nil
	}
	return &t
}

func (m *shareModel) paths(ctx context.Context, diags *diag.Diagnostics) []string {
	var ps []string
	if !m.Paths.IsNull() && !m.Paths.IsUnknown() {
		diags.Append(m.Paths.ElementsAs(ctx, &ps, false)...)
	}
	return ps
}

// spec is what a create or update sends; password nil keeps the share's.
func (m *shareModel) spec(ctx context.Context, password *string, diags *diag.Diagnostics) alist.ShareSpec {
	spec := alist.ShareSpec{Paths: m.paths(ctx, diags), Password: password, ExpiresAt: m.expiry(), MaxAccesses: m.MaxAccesses.ValueInt64(),
		Remark: m.Remark.ValueString(), Readme: m.Readme.ValueString(), Header: m.Header.ValueString(),
		AllowPreview: allowed(m.AllowPreview), AllowDownload: allowed(m.AllowDownload)}
	if !m.ShareID.IsNull() && !m.ShareID.IsUnknown() {
		spec.ID = m.ShareID.ValueString()
	}
	return spec
}

// allowed is an allow_ flag to send: left out means true.
func allowed(v types.Bool) *bool {
	b := v.IsNull() || v.IsUnknown() || v.ValueBool()
	return &b
}

// allowedValue is the server's allow_ flag: true stays null where the
// configuration leaves it out.
func allowedValue(prior types.Bool, server bool) types.Bool {
	if server && prior.IsNull() {
		return types.BoolNull()
	}
	return types.BoolValue(server)
}

// fill sets the model from the server's share; download is its one-file
// download link ("" for none).
func (m *shareModel) fill(ctx context.Context, sh *alist.Share, site string, openList bool, download string, diags *diag.Diagnostics) {
	m.ID, m.ShareID = types.StringValue(sh.ID), types.StringValue(sh.ID)
	paths, d := types.ListValueFrom(ctx, types.StringType, orEmpty(sh.Paths))
	diags.Append(d...)
	m.Paths = paths
	// the configuration's writing of the same instant is kept
	if sh.ExpiresAt == nil {
		m.ExpiresAt = types.StringNull()
	} else if prior := m.expiry(); prior == nil || !prior.Equal(*sh.ExpiresAt) {
		m.ExpiresAt = types.StringValue(sh.ExpiresAt.UTC().Format(time.RFC3339))
	}
	m.MaxAccesses, m.AccessCount = types.Int64Value(sh.MaxAccesses), types.Int64Value(sh.AccessCount)
	m.Remark, m.Readme, m.Header = optionalString(m.Remark, sh.Remark), optionalString(m.Readme, sh.Readme), optionalString(m.Header, sh.Header)
	m.Disabled, m.HasPassword = types.BoolValue(sh.Disabled), types.BoolValue(sh.HasPassword)
	m.AllowPreview, m.AllowDownload = allowedValue(m.AllowPreview, sh.AllowPreview), allowedValue(m.AllowDownload, sh.AllowDownload)
	m.URL = types.StringValue(alist.ShareURL(site, sh.ID, openList))
	m.DownloadURL = types.StringNull()
	if download != "" {
		m.DownloadURL = types.StringValue(download)
	}
	m.PasswordWO = types.StringNull()
}

// optionalString is a server's text for an optional attribute: "" stays
// null where the configuration leaves it out.
func optionalString(prior types.String, server string) types.String {
	if server == "" && prior.IsNull() {
		return types.StringNull()
	}
	return types.StringValue(server)
}

// downloadLink is the one-file download link of a share, or "": AList
// v3.62 says whether its one path is a folder; OpenList is asked about its
// one path (a path that is gone or unreadable gives no link).
func (r *shareResource) downloadLink(ctx context.Context, sh *alist.Share, openList bool) string {
	if len(sh.Paths) != 1 {
		return ""
	}
	if !openList {
		if sh.IsDir {
			return ""
		}
	} else if obj, err := r.data.session.Get(ctx, sh.Paths[0], ""); err != nil || obj.IsDir {
		return ""
	}
	return alist.ShareDownloadURL(r.data.session.URL(), sh.ID)
}

// ModifyPlan checks what the server's dialect allows, plans the password
// and plans the replacements AList v3.62 needs, saying why.
func (r *shareResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	plan, state, ok := planModels[shareModel](ctx, req, &resp.Diagnostics)
	if !ok || r.data == nil {
		return
	}
	var config shareModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &config)...); resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.requestContext(ctx)
	if err := r.data.session.SharesSupported(ctx); err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Share links are not available on this server", err)
		return
	}
	info, ok := r.data.serverInfo(ctx, &resp.Diagnostics)
	if !ok {
		return
	}
	openList := info.IsOpenList()
	if !openList {
		checkAListShare(&config, info, &resp.Diagnostics)
	}
	for name, v := range map[string]types.Bool{"allow_preview": config.AllowPreview, "allow_download": config.AllowDownload} {
		if openList && !v.IsNull() {
			resp.Diagnostics.AddAttributeError(tfpath.Root(name), "Not a setting of this server",
				fmt.Sprintf("`%s` exists on AList v3.62 shares only; this server is %s, whose shares always allow both. Leave it out.", name, info))
		}
	}
	if state == nil {
		if t := config.expiry(); t != nil && !t.After(time.Now()) {
			resp.Diagnostics.AddAttributeError(tfpath.Root("expires_at"), "The share would be born expired",
				fmt.Sprintf("`expires_at` %s is not in the future: the server would create a share that refuses every visitor. Give a later time, or leave `expires_at` out for no expiry.", config.ExpiresAt.ValueString()))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	wantPassword := !config.PasswordWO.IsNull()
	plan.HasPassword = types.BoolValue(wantPassword)
	if state != nil {
		r.planDrift(ctx, &config, plan, state, openList, resp)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// checkAList refuses what AList v3.62's shares cannot hold.
func checkAListShare(config *shareModel, info alist.ServerInfo, diags *diag.Diagnostics) {
	if !config.Paths.IsUnknown() && len(config.Paths.Elements()) > 1 {
		diags.AddAttributeError(tfpath.Root("paths"), "AList shares one path",
			fmt.Sprintf("This server is %s, whose shares hold exactly one file or folder; `paths` has %d. Make one alist_share per path (for_each), or share their common folder.", info, len(config.Paths.Elements())))
	}
	if id := config.ShareID; !id.IsNull() && !id.IsUnknown() && !a62ShareID.MatchString(id.ValueString()) {
		diags.AddAttributeError(tfpath.Root("share_id"), "Invalid share id for AList",
			fmt.Sprintf("%q: this server is %s, whose share ids are 1 to 32 ASCII letters, digits, `_` or `-`.", id.ValueString(), info))
	}
	for name, v := range map[string]types.String{"remark": config.Remark, "readme": config.Readme, "header": config.Header} {
		if !v.IsNull() {
			diags.AddAttributeError(tfpath.Root(name), "Not a setting of this server",
				fmt.Sprintf("`%s` exists on OpenList shares only; this server is %s. Leave it out.", name, info))
		}
	}
}

// planDrift plans what the server's share needs: a password changed or
// removed behind Terraform's back, and on AList v3.62 the replacements of
// a share it cannot repair in place.
func (r *shareResource) planDrift(ctx context.Context, config, plan, state *shareModel, openList bool, resp *resource.ModifyPlanResponse) {
	id := state.ID.ValueString()
	if openList {
		if config.PasswordWO.IsNull() || config.PasswordWO.IsUnknown() {
			return
		}
		sh, err := r.data.session.Share(ctx, id)
		if errors.Is(err, alist.ErrNotFound) {
			return // gone: Read removed it, the plan creates it
		}
		if err != nil {
			addAPIError(&resp.Diagnostics, tfpath.Root("password_wo"), "Cannot read the share's password to compare it", err)
			return
		}
		if sh.Password != config.PasswordWO.ValueString() {
			// changed in the web UI: compared, never kept; the update sends it
			plan.HasPassword = types.BoolUnknown()
		}
		return
	}
	replace := func(attr, why string) {
		resp.RequiresReplace = append(resp.RequiresReplace, tfpath.Root(attr))
		resp.Diagnostics.AddAttributeWarning(tfpath.Root(attr), "The share will be replaced", why+
			" Its links change unless `share_id` is set (the old share is deleted first, freeing its id).")
	}
	if state.HasPassword.ValueBool() && config.PasswordWO.IsNull() {
		replace("has_password", fmt.Sprintf("The share %s has a password and the configuration gives none: AList v3.62 cannot remove a share's password (it takes an empty one as \"keep\").", id))
	}
	if state.Disabled.ValueBool() && !plan.Disabled.ValueBool() {
		why := fmt.Sprintf("The share %s was disabled on the server and the configuration says `disabled = false`: AList v3.62 cannot turn a share back on.", id)
		if sh, err := r.data.session.Share(ctx, id); err == nil && sh.Consumed {
			why = fmt.Sprintf("The share %s is used up (%d of %d accesses) and the server turned it off: AList v3.62 cannot turn it back on, and raising `max_accesses` does not revive it.",
				id, sh.AccessCount, sh.MaxAccesses)
		}
		replace("disabled", why)
	}
	if was, want := state.expiry(), config.expiry(); was != nil && !was.After(time.Now()) && want != nil && want.After(time.Now()) && !want.Equal(*was) {
		replace("expires_at", fmt.Sprintf("The share %s expired at %s and the configuration gives a later date: a new share serves it.", id, state.ExpiresAt.ValueString()))
	}
	if !plan.Paths.Equal(state.Paths) {
		resp.RequiresReplace = append(resp.RequiresReplace, tfpath.Root("paths"))
	}
}

func (r *shareResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer shareIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan shareModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	configWriteOnly(ctx, req.Config, "password_wo", &plan.PasswordWO, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.requestContext(ctx)
	sh, err := r.data.session.CreateShare(ctx, plan.spec(ctx, plan.PasswordWO.ValueStringPointer(), &resp.Diagnostics))
	if err != nil {
		r.writeFailed(&resp.Diagnostics, "Cannot create the share", plan.ShareID.ValueString(), err)
		return
	}
	r.finish(ctx, &plan, sh, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// writeFailed reports a failed create or update with what to do.
func (r *shareResource) writeFailed(diags *diag.Diagnostics, summary, id string, err error) {
	switch {
	case errors.Is(err, alist.ErrAlreadyExists):
		diags.AddAttributeError(tfpath.Root("share_id"), "The share id is taken",
			fmt.Sprintf("%v\n\nShare ids are unique across all accounts. Choose another `share_id`, leave it out for a random one, or import the existing share: terraform import <address> %s", err, shellQuote(id)))
	case errors.Is(err, alist.ErrPermissionDenied):
		addAPIError(diags, tfpath.Root("paths"), summary, fmt.Errorf("%w\n\nThe account may share only what it can read (AList v3.62: within its roles' scopes; OpenList: below its base path, "+
			"and with the \"share\" permission, plus \"customise share id\" for a non-admin's `share_id`). Ask an admin to grant it, or use another account", err))
	default:
		addAPIError(diags, tfpath.Empty(), summary, err)
	}
}

// finish brings a share created or updated to the planned disabled state
// and fills the model.
func (r *shareResource) finish(ctx context.Context, plan *shareModel, sh *alist.Share, diags *diag.Diagnostics) {
	s := r.data.session
	info, ok := r.data.serverInfo(ctx, diags)
	if !ok {
		return
	}
	if want := plan.Disabled.ValueBool(); sh.Disabled != want {
		if err := s.SetShareDisabled(ctx, sh.ID, want); err != nil {
			addAPIError(diags, tfpath.Root("disabled"), "Cannot turn the share on or off", err)
			return
		}
		var err error
		if sh, err = s.Share(ctx, sh.ID); err != nil {
			addAPIError(diags, tfpath.Empty(), "Cannot read the share back", err)
			return
		}
	}
	plan.fill(ctx, sh, s.URL(), info.IsOpenList(), r.downloadLink(ctx, sh, info.IsOpenList()), diags)
}

func (r *shareResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer shareIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	ctx, state, sh, ok := readRow(ctx, r.data, req, resp, "share", func(ctx context.Context, m *shareModel) (*alist.Share, error) {
		return r.data.session.Share(ctx, m.ID.ValueString())
	})
	if !ok {
		return
	}
	info, ok := r.data.serverInfo(ctx, &resp.Diagnostics)
	if !ok {
		return
	}
	state.fill(ctx, sh, r.data.session.URL(), info.IsOpenList(), r.downloadLink(ctx, sh, info.IsOpenList()), &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *shareResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer shareIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, state shareModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	configWriteOnly(ctx, req.Config, "password_wo", &plan.PasswordWO, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.requestContext(ctx)
	// password_wo goes again when its version changed, when the share has
	// none, or when the plan saw the server's differ (ModifyPlan); a
	// password the configuration no longer gives is removed (OpenList:
	// AList v3.62 replaces the share instead).
	var pw *string
	switch {
	case !plan.PasswordWO.IsNull() && (resendWriteOnly(plan.PasswordWOVersion, &state.PasswordWOVersion) || !state.HasPassword.ValueBool() || plan.HasPassword.IsUnknown()):
		pw = plan.PasswordWO.ValueStringPointer()
	case plan.PasswordWO.IsNull() && state.HasPassword.ValueBool():
		none := ""
		pw = &none
	}
	sh, err := r.data.session.UpdateShare(ctx, state.ID.ValueString(), plan.spec(ctx, pw, &resp.Diagnostics))
	if err != nil {
		r.writeFailed(&resp.Diagnostics, "Cannot update the share", state.ID.ValueString(), err)
		return
	}
	r.finish(ctx, &plan, sh, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *shareResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state shareModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.data.session.DeleteShare(r.data.requestContext(ctx), state.ID.ValueString())
	if errors.Is(err, alist.ErrShareNotOwned) {
		resp.Diagnostics.AddError("The share was not deleted",
			fmt.Sprintf("%v\n\nSign the provider in as the share's owner to delete it, or delete it in the web UI as that account; `terraform state rm` forgets it without deleting it.", err))
		return
	}
	deleteFailed(&resp.Diagnostics, tfpath.Root("share_id"), "share", err)
}

// ImportState takes the share's id.
func (r *shareResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := shareIdentity.importName(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !olShareID.MatchString(id) {
		shareIdentity.refuseImport(&resp.Diagnostics, id, "the share's id, the last part of its link (…/s/<id> or …/@s/<id>)")
		return
	}
	sh, err := r.data.session.Share(r.data.requestContext(ctx), id)
	if errors.Is(err, alist.ErrNotFound) {
		resp.Diagnostics.AddError("Cannot find the share to import",
			fmt.Sprintf("%v\n\nThe provider's account has no share %q. On AList v3.62 an account sees only its own shares: sign the provider in as the share's owner.", err, id))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot read the share to import", err)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, tfpath.Root("id"), types.StringValue(sh.ID))...)
	resp.Diagnostics.Append(shareIdentity.set(ctx, resp.Identity, sh.ID)...)
}
