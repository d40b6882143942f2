package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

type userModel struct {
	ID                types.String `tfsdk:"id"`
	Username          types.String `tfsdk:"username"`
	Password          types.String `tfsdk:"password"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
	BasePath          types.String `tfsdk:"base_path"`
	Disabled          types.Bool   `tfsdk:"disabled"`
	Permissions       types.Set    `tfsdk:"permissions"`
	Roles             types.Set    `tfsdk:"roles"`
	SSOID             types.String `tfsdk:"sso_id"`
	AllowLDAP         types.Bool   `tfsdk:"allow_ldap"`
	OTPEnabled        types.Bool   `tfsdk:"otp_enabled"`
}

// fill sets the model from a user row. Fields the dialect does not have
// are null; the password is never read (the server answers "").
func (m *userModel) fill(ctx context.Context, u *alist.User, d *dialect, ownOTP *bool) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = idValue(u.ID)
	m.Username, m.BasePath, m.Disabled, m.SSOID = types.StringValue(u.Username), types.StringValue(u.BasePath), types.BoolValue(u.Disabled), types.StringValue(u.SSOID)
	m.AllowLDAP = types.BoolPointerValue(u.AllowLDAP)
	m.OTPEnabled = types.BoolPointerValue(ownOTP)
	var v types.Set
	var dd diag.Diagnostics
	if d.hasRoles() {
		var names []string
		for _, id := range u.RoleIDs() {
			names = append(names, d.roleName(id))
		}
		v, dd = types.SetValueFrom(ctx, types.StringType, orEmpty(names))
		m.Roles, m.Permissions = v, types.SetNull(types.StringType)
	} else {
		table := permissionTable(d.info)
		v, dd = types.SetValueFrom(ctx, types.StringType, permissionNames(table, u.Permission&namedMask(table)))
		m.Permissions, m.Roles = v, types.SetNull(types.StringType)
	}
	diags.Append(dd...)
	return diags
}

// overlay lays the model's known values over a row (a read one, or a new
// one), converting names to bits or role ids.
func (m *userModel) overlay(ctx context.Context, u *alist.User, d *dialect, diags *diag.Diagnostics) {
	u.Username = m.Username.ValueString()
	setString(&u.BasePath, m.BasePath)
	setBool(&u.Disabled, m.Disabled)
	setString(&u.SSOID, m.SSOID)
	setBoolPtr(&u.AllowLDAP, m.AllowLDAP)
	if names := knownStrings(ctx, m.Roles, diags); names != nil && d.hasRoles() {
		ids, err := d.roleIDs(names)
		if err != nil {
			diags.AddAttributeError(tfpath.Root("roles"), "Unknown role", err.Error())
			return
		}
		u.SetRoleIDs(ids)
	}
	if names := knownStrings(ctx, m.Permissions, diags); names != nil && !d.hasRoles() {
		table := permissionTable(d.info)
		bits, err := permissionBits(table, names, d.info.String())
		if err != nil {
			diags.AddAttributeError(tfpath.Root("permissions"), "Unknown permission", err.Error())
			return
		}
		u.Permission = bits | u.Permission&^namedMask(table)
	}
}
