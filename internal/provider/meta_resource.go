package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var (
	_ resource.ResourceWithConfigure   = (*metaResource)(nil)
	_ resource.ResourceWithImportState = (*metaResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*metaResource)(nil)

	_ resource.ResourceWithConfigValidators = (*metaResource)(nil)
)

type metaResource struct{ resourceBase }

func newMetaResource() resource.Resource { return &metaResource{} }

type metaModel struct {
	ID       types.String `tfsdk:"id"`
	Path     types.String `tfsdk:"path"`
	Password types.String `tfsdk:"password"`
	// null except when read from the config
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
	metaOptions
}

// metaOptions are a meta's attributes but its id, path and password: what
// the alist_metas data source lists of each, under the same names.
type metaOptions struct {
	PasswordSub   types.Bool   `tfsdk:"password_sub"`
	Write         types.Bool   `tfsdk:"write"`
	WriteSub      types.Bool   `tfsdk:"write_sub"`
	Hide          types.List   `tfsdk:"hide"`
	HideSub       types.Bool   `tfsdk:"hide_sub"`
	Readme        types.String `tfsdk:"readme"`
	ReadmeSub     types.Bool   `tfsdk:"readme_sub"`
	Header        types.String `tfsdk:"header"`
	HeaderSub     types.Bool   `tfsdk:"header_sub"`
	ReadUsers     types.Set    `tfsdk:"read_users"`
	ReadUsersSub  types.Bool   `tfsdk:"read_users_sub"`
	WriteUsers    types.Set    `tfsdk:"write_users"`
	WriteUsersSub types.Bool   `tfsdk:"write_users_sub"`
}

func (r *metaResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_meta"
	metaIdentity.behavior(resp)
}

func (r *metaResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	flag := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false), MarkdownDescription: desc + " Default `false`."}
	}
	text := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""), MarkdownDescription: desc}
	}
	openListSub := func(desc string) schema.Attribute {
		return schema.BoolAttribute{Optional: true, MarkdownDescription: desc + " OpenList only."}
	}
	openListOnly := func(desc string) schema.Attribute {
		return schema.SetAttribute{Optional: true, ElementType: types.Int64Type,
			MarkdownDescription: desc + " OpenList only; refused at plan on AList."}
	}
	// Optional and computed, without a default: a generated configuration
	// has `password = null` (Terraform never writes a sensitive value), and
	// that must not clear the password. ModifyPlan plans it.
	pw := schema.StringAttribute{Optional: true, Computed: true, Sensitive: true,
		MarkdownDescription: "The folder's password: accounts without the \"access without password\" permission must give it to list or open anything here. " +
			"Sensitive, kept in the state. The server keeps it in clear, so a change made in the web UI shows in the plan and is put back. Left out: a new meta has none, an existing one keeps " +
			"the server's, and the state holds none (an import never reads it: its generated configuration says `null`); `\"\"` removes it. " +
			writeOnlyTradeOff("password", "password_wo")}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A meta: the settings of a folder on the AList site (password, hidden names, readme, header, write access), " +
			"each applying to the folder alone or, with its `_sub` flag, to its sub-folders too. The nearest meta up the tree applies; metas do not merge. Needs an admin account.",
		Attributes: map[string]schema.Attribute{
			"id": stable("The meta's numeric id on the server."),
			"path": schema.StringAttribute{
				Required: true, Validators: []validator.String{mountPathValidator{allowRoot: true}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				MarkdownDescription: "The folder, e.g. `/media/private` (`/` for the whole site), as the server stores it. It need not exist. " +
					"Changing it replaces the meta: AList v3.38 caches \"no meta here\" forever, so moving a meta in place would not protect its new path until a restart.",
			},
			"password": pw,
			"password_wo": writeOnlyString("The folder's password, **write-only**: sent on create and when `password_wo_version` changes, never stored in the plan or the state. " +
				"The recommended form. `\"\"` removes the password. Drift: " +
				"each plan compares `password_wo` with the password the server holds (the admin API shows it) without keeping either, and a password changed or removed in the web UI " +
				"shows as a change of `password` (`(sensitive value)`, never stored) and is sent again. One or the other: `password` or `password_wo`."),
			"password_wo_version": writeOnlyVersion("password_wo", "Any number: changing it sends `password_wo` again (a password rotation), in place. Only with `password_wo`."),
			"password_sub":        flag("The sub-folders ask for the password too, not only this folder."),
			"write":               flag("Accounts without the `write` permission, guests included, may create folders and upload in this folder."),
			"write_sub":           flag("What `write` allows holds in the sub-folders too."),
			"hide": schema.ListAttribute{
				Optional: true, Computed: true, ElementType: types.StringType, Default: listdefault.StaticValue(types.ListValueMust(types.StringType, nil)),
				Validators: []validator.List{hidePatternsValidator{}},
				MarkdownDescription: "Regular expressions; entries of the folder whose names match are hidden from accounts without the \"see hidden\" permission " +
					"(and refused when opened directly). Each is checked at plan: the server refuses a pattern that does not compile.",
			},
			"hide_sub":        flag("Names matching `hide` are hidden in the sub-folders too, not only in this folder."),
			"readme":          text("Markdown shown below the folder's listing."),
			"readme_sub":      flag("The sub-folders show the readme too."),
			"header":          text("Markdown shown above the folder's listing."),
			"header_sub":      flag("The sub-folders show the header too."),
			"read_users":      openListOnly("Ids of the only accounts that may read here (`alist_user`'s or `alist_me`'s `id`); empty: no such limit."),
			"read_users_sub":  openListSub("The read limit of `read_users` holds in the sub-folders too."),
			"write_users":     openListOnly("Ids of the only accounts that may write here; empty: no such limit."),
			"write_users_sub": openListSub("The write limit of `write_users` holds in the sub-folders too."),
		},
	}
}

func (r *metaResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.Conflicting(tfpath.MatchRoot("password"), tfpath.MatchRoot("password_wo"))}
}

// ModifyPlan plans the password, checks the account and, on AList, that no
// OpenList-only field is set.
func (r *metaResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	plan, state, ok := planModels[metaModel](ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	var config metaModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if config.Password.IsNull() {
		// Left out: the state keeps what it had (none after a create or an
		// import), the server its password. With password_wo: none, so that
		// a password the state held (from `password`) plans the update that
		// sends password_wo instead.
		plan.Password = types.StringNull()
		if state != nil && config.PasswordWO.IsNull() {
			plan.Password = state.Password
		}
	}
	defer func() {
		if config.Password.IsNull() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, tfpath.Root("password"), plan.Password)...)
		}
	}()
	if r.data == nil {
		return
	}
	ctx = r.data.requestContext(ctx)
	if !r.data.requireAdmin(ctx, "alist_meta", &resp.Diagnostics) {
		return
	}
	if state != nil && !config.PasswordWO.IsNull() && !config.PasswordWO.IsUnknown() && r.passwordDiffers(ctx, state, config.PasswordWO.ValueString(), &resp.Diagnostics) {
		// A password changed in the web UI: compared, never kept. The
		// update sends password_wo again; `password` shows the change.
		plan.Password = types.StringUnknown()
	}
	info, ok := r.data.serverInfo(ctx, &resp.Diagnostics)
	if !ok || info.IsOpenList() {
		return
	}
	for name, v := range map[string]attr.Value{"read_users": plan.ReadUsers, "read_users_sub": plan.ReadUsersSub,
		"write_users": plan.WriteUsers, "write_users_sub": plan.WriteUsersSub} {
		if !v.IsNull() {
			resp.Diagnostics.AddAttributeError(tfpath.Root(name), "Not a setting of this server",
				fmt.Sprintf("`%s` exists on OpenList only; this server is %s. On AList, limit access with the accounts' permissions and base paths, or a password.", name, info))
		}
	}
}

// passwordDiffers tells whether the server's password of the meta is not
// the configured password_wo (the admin API shows it in clear).
func (r *metaResource) passwordDiffers(ctx context.Context, state *metaModel, wo string, diags *diag.Diagnostics) bool {
	row, err := r.data.session.Meta(ctx, rowID(state.ID))
	if errors.Is(err, alist.ErrNotFound) {
		return false // gone: the plan creates it
	}
	if err != nil {
		addAPIError(diags, tfpath.Root("password_wo"), "Cannot read the meta's password to compare it", err)
		return false
	}
	return row.Password != wo
}

// fill sets the model from a row. The OpenList-only fields keep null for
// an empty or false value, which is what leaving them out means.
func (m *metaModel) fill(ctx context.Context, row *alist.Meta) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = idValue(row.ID)
	m.Path, m.Readme, m.Header = types.StringValue(row.Path), types.StringValue(row.Readme), types.StringValue(row.Header)
	if !m.Password.IsNull() {
		// kept only where the configuration sets it (password)
		m.Password = types.StringValue(row.Password)
	}
	m.PasswordSub, m.Write, m.WriteSub = types.BoolValue(row.PSub), types.BoolValue(row.Write), types.BoolValue(row.WSub)
	m.HideSub, m.ReadmeSub, m.HeaderSub = types.BoolValue(row.HSub), types.BoolValue(row.RSub), types.BoolValue(row.HeaderSub)
	hide, d := types.ListValueFrom(ctx, types.StringType, splitHide(row.Hide))
	diags.Append(d...)
	m.Hide = hide
	m.ReadUsers = userSet(ctx, m.ReadUsers, row.ReadUsers, &diags)
	m.WriteUsers = userSet(ctx, m.WriteUsers, row.WriteUsers, &diags)
	m.ReadUsersSub, m.WriteUsersSub = optionalFlag(m.ReadUsersSub, row.ReadUsersSub), optionalFlag(m.WriteUsersSub, row.WriteUsersSub)
	return diags
}

// overlay lays the model over a row (a read one, or a new one).
func (m *metaModel) overlay(ctx context.Context, row *alist.Meta, openList bool, diags *diag.Diagnostics) {
	row.Path = m.Path.ValueString()
	if !m.Password.IsNull() && !m.Password.IsUnknown() {
		row.Password = m.Password.ValueString() // else the row keeps its own
	}
	row.Readme, row.Header = m.Readme.ValueString(), m.Header.ValueString()
	row.PSub, row.Write, row.WSub = m.PasswordSub.ValueBool(), m.Write.ValueBool(), m.WriteSub.ValueBool()
	row.HSub, row.RSub, row.HeaderSub = m.HideSub.ValueBool(), m.ReadmeSub.ValueBool(), m.HeaderSub.ValueBool()
	var hide []string
	diags.Append(m.Hide.ElementsAs(ctx, &hide, false)...)
	row.Hide = strings.Join(hide, "\n")
	if !openList {
		return
	}
	row.ReadUsers, row.WriteUsers = userIDs(ctx, m.ReadUsers, diags), userIDs(ctx, m.WriteUsers, diags)
	r, w := m.ReadUsersSub.ValueBool(), m.WriteUsersSub.ValueBool()
	row.ReadUsersSub, row.WriteUsersSub = &r, &w
}

// splitHide is the server's newline-separated patterns as a list.
func splitHide(s string) []string {
	out := []string{}
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if line != "" {
			out = append(out, line)
		}
	}
	return out
}

func userSet(ctx context.Context, prior types.Set, ids *[]uint, diags *diag.Diagnostics) types.Set {
	if ids == nil || len(*ids) == 0 {
		if prior.IsNull() || prior.IsUnknown() {
			return types.SetNull(types.Int64Type)
		}
		return types.SetValueMust(types.Int64Type, nil)
	}
	v, d := types.SetValueFrom(ctx, types.Int64Type, *ids)
	diags.Append(d...)
	return v
}

func userIDs(ctx context.Context, v types.Set, diags *diag.Diagnostics) *[]uint {
	ids := []uint{}
	if !v.IsNull() && !v.IsUnknown() {
		var n []int64
		diags.Append(v.ElementsAs(ctx, &n, false)...)
		for _, id := range n {
			ids = append(ids, uint(id))
		}
	}
	slices.Sort(ids)
	return &ids
}

func optionalFlag(prior types.Bool, server *bool) types.Bool {
	if server == nil || !*server && prior.IsNull() {
		return types.BoolNull()
	}
	return types.BoolValue(*server)
}

func (r *metaResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer metaIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan metaModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.requestContext(ctx)
	s := r.data.session
	info, ok := r.data.serverInfo(ctx, &resp.Diagnostics)
	if !ok {
		return
	}
	row := &alist.Meta{}
	plan.overlay(ctx, row, info.IsOpenList(), &resp.Diagnostics)
	configWriteOnly(ctx, req.Config, "password_wo", &plan.PasswordWO, &resp.Diagnostics)
	if !plan.PasswordWO.IsNull() {
		row.Password = plan.PasswordWO.ValueString()
	}
	created, err := s.CreateMeta(ctx, row)
	if errors.Is(err, alist.ErrAlreadyExists) {
		resp.Diagnostics.AddAttributeError(tfpath.Root("path"), "A meta already exists for this path",
			fmt.Sprintf("The server already has a meta for %q, which Terraform does not manage.\n\n%s", plan.Path.ValueString(), importHint(plan.Path.ValueString())))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Root("path"), "Cannot create the meta", err)
		return
	}
	plan.PasswordWO = types.StringNull()
	resp.Diagnostics.Append(plan.fill(ctx, created)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *metaResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer metaIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	ctx, state, row, ok := readRow(ctx, r.data, req, resp, "meta", func(ctx context.Context, m *metaModel) (*alist.Meta, error) {
		return r.data.session.Meta(ctx, rowID(m.ID))
	})
	if !ok {
		return
	}
	resp.Diagnostics.Append(state.fill(ctx, row)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update reads the whole row and sends it back whole: the server resets
// whatever an update leaves out.
func (r *metaResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer metaIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, state metaModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	configWriteOnly(ctx, req.Config, "password_wo", &plan.PasswordWO, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// password_wo goes again when its version changed, when the state holds
	// a password (from `password` before), or when the plan saw the
	// server's differ (ModifyPlan).
	resend := !plan.PasswordWO.IsNull() &&
		(resendWriteOnly(plan.PasswordWOVersion, &state.PasswordWOVersion) || !state.Password.IsNull() || plan.Password.IsUnknown())
	if !plan.PasswordWO.IsNull() {
		plan.Password = types.StringNull() // never kept
	}
	ctx = r.data.requestContext(ctx)
	s := r.data.session
	row := updateRow(ctx, "meta", rowID(plan.ID), s.Meta, func(row *alist.Meta) {
		plan.overlay(ctx, row, row.Has("read_users"), &resp.Diagnostics)
		if resend {
			row.Password = plan.PasswordWO.ValueString()
		}
	}, s.UpdateMeta, &resp.Diagnostics)
	if row == nil {
		return
	}
	plan.PasswordWO = types.StringNull()
	resp.Diagnostics.Append(plan.fill(ctx, row)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *metaResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state metaModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	deleteFailed(&resp.Diagnostics, tfpath.Root("path"), "meta", r.data.session.DeleteMeta(r.data.requestContext(ctx), rowID(state.ID)))
}

// ImportState takes the meta's path.
func (r *metaResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	p := metaIdentity.importName(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !strings.HasPrefix(p, "/") {
		metaIdentity.refuseImport(&resp.Diagnostics, p, "the meta's folder path, e.g. /media/private")
		return
	}
	row, err := r.data.session.MetaByPath(r.data.requestContext(ctx), p)
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot find the meta to import", err)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, tfpath.Root("id"), idValue(row.ID))...)
	resp.Diagnostics.Append(metaIdentity.set(ctx, resp.Identity, row.Path)...)
}
