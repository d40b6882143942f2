package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

var (
	_ resource.ResourceWithConfigure   = (*roleResource)(nil)
	_ resource.ResourceWithImportState = (*roleResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*roleResource)(nil)
)

type roleResource struct{ resourceBase }

func newRoleResource() resource.Resource { return &roleResource{} }

type roleModel struct {
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	Description      types.String `tfsdk:"description"`
	Default          types.Bool   `tfsdk:"default"`
	PermissionScopes []scopeModel `tfsdk:"permission_scopes"`
}

type scopeModel struct {
	Path        types.String `tfsdk:"path"`
	Permissions types.Set    `tfsdk:"permissions"`
}

func (r *roleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role"
	roleIdentity.behavior(resp)
}

func (r *roleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A role of AList v3.62 (roles exist from v3.46): permissions per path, given to accounts through `alist_user`'s `roles`. Needs an admin account. " +
			"The built-in roles cannot be created; once imported, `admin` cannot be changed, `guest` cannot be renamed (its scopes are what anonymous visitors may do), `general` can be changed.",
		Attributes: map[string]schema.Attribute{
			"id": stable("The role's numeric id."),
			"name": schema.StringAttribute{Required: true,
				MarkdownDescription: "The role's name, unique on the server; `alist_user`'s `roles` refers to it. Changing it renames the role in place." + roleIdentity.followsNote()},
			"description": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""), MarkdownDescription: "A description. Default empty."},
			"default": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Give this role to accounts created without roles (the server's `default_role` setting follows, and any other role loses the flag). Default `false`."},
			"permission_scopes": schema.ListNestedAttribute{
				Required: true,
				MarkdownDescription: "Where the role grants what. An account's permission at a path is that of every scope of its roles whose path contains it, together. " +
					"The first scope's path is also a new account's base path on the server.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"path": schema.StringAttribute{Required: true, Validators: []validator.String{mountPathValidator{allowRoot: true}},
						MarkdownDescription: "A folder, e.g. `/local/deploy` (`/` for everything)."},
					"permissions": schema.SetAttribute{Required: true, ElementType: types.StringType,
						MarkdownDescription: "Permission names: `see_hidden`, `access_without_password`, `offline_download`, `write`, `rename`, `move`, `copy`, `remove`, " +
							"`webdav_read`, `webdav_manage`, `ftp_read`, `ftp_manage`, `read_archives`, `decompress`, `path_limit` (confine the account to the scopes' paths), " +
							"`mcp_read`, `mcp_write`. Checked at plan."},
				}},
			},
		},
	}
}

func (r *roleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	plan, state, ok := planModels[roleModel](ctx, req, &resp.Diagnostics)
	if !ok || r.data == nil {
		return
	}
	ctx = r.data.requestContext(ctx)
	if !r.data.requireAdmin(ctx, "alist_role", &resp.Diagnostics) || !r.data.requireRoles(ctx, &resp.Diagnostics) {
		return
	}
	for i, sc := range plan.PermissionScopes {
		if names := knownStrings(ctx, sc.Permissions, &resp.Diagnostics); names != nil {
			if _, err := permissionBits(rolePermissions, names, "AList v3.62"); err != nil {
				resp.Diagnostics.AddAttributeError(tfpath.Root("permission_scopes").AtListIndex(i).AtName("permissions"), "Unknown permission", err.Error()+".")
			}
		}
	}
	name := plan.Name.ValueString()
	switch {
	case state == nil && isBuiltin(name):
		resp.Diagnostics.AddAttributeError(tfpath.Root("name"), "A built-in role",
			fmt.Sprintf("The %q role exists on every AList v3.62 server and cannot be created or changed.", name))
	case state != nil && state.Name.ValueString() == adminName && !req.Plan.Raw.Equal(req.State.Raw):
		resp.Diagnostics.AddError("The admin role cannot be changed",
			"The server refuses any change to its admin role (it always grants everything). Keep the configuration as imported, or remove the resource (which leaves the role as it is).")
	case state != nil && state.Name.ValueString() == guestName && name != guestName:
		resp.Diagnostics.AddAttributeError(tfpath.Root("name"), "The guest role cannot be renamed",
			"The server keeps the guest role's name (it ignores a new one). Its scopes can change: they are what anonymous visitors may do.")
	}
}

func (m *roleModel) fill(ctx context.Context, r *alist.Role) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = idValue(r.ID)
	m.Name, m.Description, m.Default = types.StringValue(r.Name), types.StringValue(r.Description), types.BoolValue(r.Default)
	m.PermissionScopes = make([]scopeModel, len(r.PermissionScopes))
	for i, sc := range r.PermissionScopes {
		v, d := types.SetValueFrom(ctx, types.StringType, permissionNames(rolePermissions, sc.Permission&namedMask(rolePermissions)))
		diags.Append(d...)
		m.PermissionScopes[i] = scopeModel{Path: types.StringValue(sc.Path), Permissions: v}
	}
	return diags
}

func (m *roleModel) overlay(ctx context.Context, r *alist.Role, diags *diag.Diagnostics) {
	r.Name, r.Description, r.Default = m.Name.ValueString(), m.Description.ValueString(), m.Default.ValueBool()
	r.PermissionScopes = make([]alist.PermissionScope, len(m.PermissionScopes))
	for i, sc := range m.PermissionScopes {
		bits, err := permissionBits(rolePermissions, knownStrings(ctx, sc.Permissions, diags), "AList v3.62")
		if err != nil {
			diags.AddAttributeError(tfpath.Root("permission_scopes").AtListIndex(i), "Unknown permission", err.Error())
		}
		r.PermissionScopes[i] = alist.PermissionScope{Path: sc.Path.ValueString(), Permission: bits}
	}
}

func (r *roleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer roleIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan roleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.requestContext(ctx)
	role := &alist.Role{}
	plan.overlay(ctx, role, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := r.data.session.CreateRole(ctx, role)
	if errors.Is(err, alist.ErrAlreadyExists) {
		resp.Diagnostics.AddAttributeError(tfpath.Root("name"), "The role already exists",
			fmt.Sprintf("The server already has a role %q, which Terraform does not manage.\n\n%s", role.Name, importHint(role.Name)))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Root("name"), "Cannot create the role", err)
		return
	}
	resp.Diagnostics.Append(plan.fill(ctx, created)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *roleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer roleIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	ctx, state, role, ok := readRow(ctx, r.data, req, resp, "role", func(ctx context.Context, m *roleModel) (*alist.Role, error) {
		return r.data.session.Role(ctx, rowID(m.ID))
	})
	if !ok {
		return
	}
	resp.Diagnostics.Append(state.fill(ctx, role)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *roleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer roleIdentity.follow(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan roleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.requestContext(ctx)
	s := r.data.session
	role := updateRow(ctx, "role", rowID(plan.ID), s.Role, func(role *alist.Role) { plan.overlay(ctx, role, &resp.Diagnostics) },
		s.UpdateRole, &resp.Diagnostics)
	if role == nil {
		return
	}
	resp.Diagnostics.Append(plan.fill(ctx, role)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *roleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state roleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if name := state.Name.ValueString(); isBuiltinRole(name) {
		resp.Diagnostics.AddWarning("The built-in role "+name+" stays on the server",
			"Every AList v3.62 server keeps its admin, guest and general roles: Terraform stopped managing it and left it as it is.")
		return
	}
	deleteFailed(&resp.Diagnostics, tfpath.Root("name"), "role", r.data.session.DeleteRole(r.data.requestContext(ctx), rowID(state.ID)))
}

// ImportState takes the role's name.
func (r *roleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ctx = r.data.requestContext(ctx)
	name := roleIdentity.importName(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !r.data.requireRoles(ctx, &resp.Diagnostics) {
		return
	}
	role, err := r.data.session.RoleByName(ctx, name)
	if err != nil {
		addAPIError(&resp.Diagnostics, tfpath.Empty(), "Cannot find the role to import", err)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, tfpath.Root("id"), idValue(role.ID))...)
	resp.Diagnostics.Append(roleIdentity.set(ctx, resp.Identity, role.Name)...)
}
