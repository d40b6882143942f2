package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var (
	_ resource.ResourceWithConfigure        = (*userResource)(nil)
	_ resource.ResourceWithImportState      = (*userResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*userResource)(nil)
	_ resource.ResourceWithConfigValidators = (*userResource)(nil)
)

type userResource struct{ resourceBase }

func newUserResource() resource.Resource { return &userResource{} }

func (r *userResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
	userIdentity.behavior(resp)
}

func (r *userResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: desc,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	names := func(desc string) schema.SetAttribute {
		return schema.SetAttribute{Optional: true, Computed: true, ElementType: types.StringType, MarkdownDescription: desc,
			PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An account of the AList server. Needs an admin account. Every change is sent as the whole account (the server resets what an update leaves out), " +
			"and **logs the account out once** and **removes its passkeys** (the server does so on any admin update). When it is the provider's own account, " +
			"the provider logs in again, with the new password if it changed. " + writeOnlyNote("password_wo", "password"),
		Attributes: map[string]schema.Attribute{
			"id": stable("The account's numeric id."),
			"username": schema.StringAttribute{Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "The login name, unique on the server. `admin` and `guest` exist on every server: import them. Changing it renames the account in place." +
					userIdentity.followsNote()},
			"password": schema.StringAttribute{Optional: true, Sensitive: true,
				MarkdownDescription: "The password, kept (sensitive) in state. For Terraform or OpenTofu before 1.11; prefer `password_wo`. Changing it sets it again."},
			"password_wo": writeOnlyString("The password, write-only: never in plan or state (Terraform >= 1.11 or OpenTofu >= 1.11). Terraform cannot see a change to it: change `password_wo_version` to set it again. " +
				"A new account needs `password` or `password_wo`."),
			"password_wo_version": writeOnlyVersion("password_wo", "Any number: changing it sends `password_wo` again (a password rotation)."),
			"base_path": keep("The folder the account sees as its root, e.g. `/local/deploy`. New accounts default to `/`. " +
				"AList v3.62 sets a new account's base path from its first role's first scope; the provider sets it back to this value right after."),
			"disabled": schema.BoolAttribute{Optional: true, Computed: true, PlanModifiers: []planmodifier.Bool{accountDisabledDefault{}},
				MarkdownDescription: "Refuse logins. Default `false`, except for the built-in `guest`, which every server creates disabled " +
					"(anonymous access off): an account disabled or enabled in the web UI is set back (" + leftOutLink + "). " +
					"The servers do not let an admin be disabled (v3.38, OpenList)."},
			"permissions": names("What the account may do, by name: `see_hidden`, `access_without_password`, `offline_download`, `write` (make folders and upload), `rename`, `move`, " +
				"`copy`, `remove`, `webdav_read`, `webdav_manage`, and on OpenList `ftp_read`, `ftp_manage`, `read_archives`, `decompress`, `share`, `custom_share_id`. " +
				"AList v3.38 and OpenList only (checked at plan against the server's version): AList v3.62 gives permissions through `roles`. Left out: kept as the server has them (none for a new account)."),
			"roles": names("AList v3.62 only: the names of the account's roles (`alist_role`, or the built-in `general`), which grant permissions per path. " +
				"Required for a new account on v3.62 (its default role is the guest's, which the server refuses)."),
			"sso_id": keep("The single-sign-on identity bound to the account. Left out: kept as the server has it."),
			"allow_ldap": schema.BoolAttribute{Optional: true, Computed: true, PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "OpenList only: whether the account may log in through LDAP. OpenList creates every account with `true`; the provider sets `false` right after."},
			"otp_enabled": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether two-factor authentication is on. Known for the provider's own account only (the admin API does not tell it for others): null otherwise."},
		},
	}
}

func (r *userResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.Conflicting(tfpath.MatchRoot("password"), tfpath.MatchRoot("password_wo")),
		resourcevalidator.Conflicting(tfpath.MatchRoot("password"), tfpath.MatchRoot("password_wo_version")),
		resourcevalidator.Conflicting(tfpath.MatchRoot("permissions"), tfpath.MatchRoot("roles")),
	}
}

// ModifyPlan checks an account against the server's dialect.
func (r *userResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	plan, state, ok := planModels[userModel](ctx, req, &resp.Diagnostics)
	if !ok || r.data == nil {
		return
	}
	ctx = r.data.requestContext(ctx)
	if !r.data.requireAdmin(ctx, "alist_user", &resp.Diagnostics) {
		return
	}
	d := r.data.dialect(ctx, false, &resp.Diagnostics)
	if d == nil {
		return
	}
	var config userModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	server := d.info.String()
	switch {
	case d.hasRoles() && !config.Permissions.IsNull():
		resp.Diagnostics.AddAttributeError(tfpath.Root("permissions"), "Permissions are given through roles on this server",
			fmt.Sprintf("%s gives accounts permissions only through roles, per path: set `roles` to the names of `alist_role` resources (or the built-in \"general\").", server))
	case !d.hasRoles() && !config.Roles.IsNull():
		resp.Diagnostics.AddAttributeError(tfpath.Root("roles"), "This server has no roles",
			fmt.Sprintf("Roles exist only on AList v3.46 and later; %s gives each account its permissions: set `permissions` instead.", server))
	}
	if !d.info.IsOpenList() && !config.AllowLDAP.IsNull() {
		resp.Diagnostics.AddAttributeError(tfpath.Root("allow_ldap"), "Not a setting of this server", fmt.Sprintf("`allow_ldap` exists on OpenList only; this server is %s.", server))
	}
	if names := knownStrings(ctx, config.Permissions, &resp.Diagnostics); names != nil && !d.hasRoles() {
		if _, err := permissionBits(permissionTable(d.info), names, server); err != nil {
			resp.Diagnostics.AddAttributeError(tfpath.Root("permissions"), "Unknown permission", err.Error()+".")
		}
	}
	for _, n := range knownStrings(ctx, config.Roles, &resp.Diagnostics) {
		if isBuiltin(n) && !isBuiltin(plan.Username.ValueString()) {
			resp.Diagnostics.AddAttributeError(tfpath.Root("roles"), "Not a role an account can be given",
				fmt.Sprintf("The server refuses to give an account the %q role. Use \"general\" or a role of your own (alist_role).", n))
		}
	}
	if state != nil {
		return
	}
	name := plan.Username.ValueString()
	if isBuiltin(name) {
		resp.Diagnostics.AddAttributeError(tfpath.Root("username"), "A built-in account",
			fmt.Sprintf("%q exists on every server and cannot be created: import it to manage it.\n\n%s", name, importHint(name)))
	}
	if config.Password.IsNull() && config.PasswordWO.IsNull() && !isBuiltin(name) {
		resp.Diagnostics.AddAttributeError(tfpath.Root("password_wo"), "A new account needs a password", "Set `password_wo` (with `password_wo_version`), or `password`.")
	}
	if d.hasRoles() && config.Roles.IsNull() {
		resp.Diagnostics.AddAttributeError(tfpath.Root("roles"), "A new account needs roles on this server",
			fmt.Sprintf("%s gives a new account without roles its default role, the guest's on a fresh server, and then refuses to create it. Set `roles`, e.g. [\"general\"] or an alist_role's name.", server))
	}
}

// accountDisabledDefault plans `disabled` left out as the account's natural
// value, so that a change made in the web UI shows and is repaired: false,
// except for the guest, which every server creates disabled (a default
// true there keeps anonymous access off unless a configuration turns it
// on). A schema default cannot depend on the username, hence a modifier.
type accountDisabledDefault struct{}

func (accountDisabledDefault) Description(context.Context) string {
	return "false when left out, true for the guest account"
}

func (m accountDisabledDefault) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (accountDisabledDefault) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if !req.ConfigValue.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var name types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, tfpath.Root("username"), &name)...)
	if name.IsUnknown() {
		return // a rename to a value known at apply: the server's value is kept
	}
	resp.PlanValue = types.BoolValue(name.ValueString() == guestName)
}

// newPassword is the password to send: from password, or from the
// write-only password_wo, which only the configuration holds.
func newPassword(ctx context.Context, plan *userModel, config tfsdk.Config, diags *diag.Diagnostics) string {
	if !plan.Password.IsNull() {
		return plan.Password.ValueString()
	}
	var wo types.String
	configWriteOnly(ctx, config, "password_wo", &wo, diags)
	return wo.ValueString()
}

func (r *userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer userIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.requestContext(ctx)
	s := r.data.session
	d := r.data.dialect(ctx, true, &resp.Diagnostics)
	if d == nil {
		return
	}
	u := &alist.User{BasePath: "/", Role: json.RawMessage("0")}
	if d.hasRoles() {
		u.SetRoleIDs(nil)
	}
	plan.overlay(ctx, u, d, &resp.Diagnostics)
	u.Password = newPassword(ctx, &plan, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := s.CreateUser(ctx, u)
	if errors.Is(err, alist.ErrAlreadyExists) {
		resp.Diagnostics.AddAttributeError(tfpath.Root("username"), "The account already exists",
			fmt.Sprintf("The server already has an account %q, which Terraform does not manage.\n\n%s", u.Username, importHint(u.Username)))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Root("username"), "Cannot create the account", err)
		return
	}
	// What create did not keep (v3.62 takes the base path from the role,
	// OpenList stores allow_ldap false as true) is set by an update.
	row, err := r.send(ctx, &plan, created, d, "")
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "The account was created, but setting it up failed", err)
		resp.Diagnostics.Append(plan.fill(ctx, created, d, nil)...) // in state, tainted: not orphaned
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	resp.Diagnostics.Append(plan.fill(ctx, row, d, r.ownOTP(ctx, row))...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// send updates the row with the plan (and a password, if not "") when that
// changes anything, and returns the row as the server then has it.
func (r *userResource) send(ctx context.Context, plan *userModel, row *alist.User, d *dialect, password string) (*alist.User, error) {
	want := *row
	var diags diag.Diagnostics
	plan.overlay(ctx, &want, d, &diags)
	if diags.HasError() {
		return nil, errors.New(diags.Errors()[0].Detail())
	}
	want.Password = password
	before, _ := json.Marshal(row)
	after, err := json.Marshal(want)
	if err != nil || string(before) == string(after) && password == "" {
		return row, err
	}
	if err := r.data.session.UpdateUser(ctx, &want); err != nil {
		return nil, err
	}
	if (password != "" || want.Username != row.Username) && r.isOwn(ctx, row) {
		r.data.session.AccountChanged(row.Username, want.Username, password)
	}
	return r.data.session.User(ctx, row.ID)
}

// isOwn tells whether a row is the provider's own account.
func (r *userResource) isOwn(ctx context.Context, u *alist.User) bool {
	me, err := r.data.session.CachedMe(ctx)
	return err == nil && uint(me.ID) == u.ID
}

// ownOTP is the OTP flag of the provider's own account; nil for others,
// which the admin API does not tell.
func (r *userResource) ownOTP(ctx context.Context, u *alist.User) *bool {
	if !r.isOwn(ctx, u) {
		return nil
	}
	me, err := r.data.session.Me(ctx)
	if err != nil {
		return nil
	}
	return &me.OTP
}

func (r *userResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer userIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	ctx, state, row, ok := readRow(ctx, r.data, req, resp, "account", func(ctx context.Context, m *userModel) (*alist.User, error) {
		return r.data.session.User(ctx, rowID(m.ID))
	})
	if !ok {
		return
	}
	d := r.data.dialect(ctx, true, &resp.Diagnostics)
	if d == nil {
		return
	}
	resp.Diagnostics.Append(r.refresh(ctx, state, row, d)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// refresh sets m from the row as Read does (the list resource's objects too).
func (r *userResource) refresh(ctx context.Context, m *userModel, row *alist.User, d *dialect) diag.Diagnostics {
	return m.fill(ctx, row, d, r.ownOTP(ctx, row))
}

func (r *userResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer userIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, state userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.requestContext(ctx)
	d := r.data.dialect(ctx, true, &resp.Diagnostics)
	if d == nil {
		return
	}
	row, err := r.data.session.User(ctx, rowID(state.ID))
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot read the account before updating it", err)
		return
	}
	password := ""
	if !plan.Password.Equal(state.Password) || resendWriteOnly(plan.PasswordWOVersion, &state.PasswordWOVersion) {
		password = newPassword(ctx, &plan, req.Config, &resp.Diagnostics)
	}
	updated, err := r.send(ctx, &plan, row, d, password)
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot update the account", err)
		return
	}
	resp.Diagnostics.Append(plan.fill(ctx, updated, d, r.ownOTP(ctx, updated))...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete removes the account; the built-in admin and guest only leave the
// state, with a warning: the server keeps them.
func (r *userResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if isBuiltin(state.Username.ValueString()) {
		resp.Diagnostics.AddWarning("The built-in account "+state.Username.ValueString()+" stays on the server",
			"Every AList server keeps its admin and guest accounts: Terraform stopped managing it and left it as it is.")
		return
	}
	deleteFailed(&resp.Diagnostics, tfpath.Root("username"), "account", r.data.session.DeleteUser(r.data.requestContext(ctx), rowID(state.ID)))
}

// ImportState takes the username.
func (r *userResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	name := userIdentity.importName(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	u, err := r.data.session.UserByName(r.data.requestContext(ctx), name)
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot find the account to import", err)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, tfpath.Root("id"), fmt.Sprint(u.ID))...)
	resp.Diagnostics.Append(userIdentity.set(ctx, resp.Identity, u.Username)...)
}
