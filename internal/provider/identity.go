package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity (Terraform >= 1.12): each resource is known by the one
// name a person uses for it on the server, the same string its import ID
// takes, never by the server's numeric row id (which differs between two
// servers and after a restore).
type identity struct {
	attr string // the identity's one attribute, named as the resource's own
	desc string
	// mutable: the name can change in place (a storage remounted, an
	// account or a role renamed), so the identity follows the update.
	mutable bool
}

var (
	pathIdentity    = identity{attr: "path", desc: "The absolute path on the AList site, as in `path`."}
	storageIdentity = identity{attr: "mount_path", desc: "The storage's mount path, as in `mount_path`.", mutable: true}
	metaIdentity    = identity{attr: "path", desc: "The folder the meta applies to, as in `path`."}
	userIdentity    = identity{attr: "username", desc: "The account's username, as in `username`.", mutable: true}
	roleIdentity    = identity{attr: "name", desc: "The role's name, as in `name`.", mutable: true}
	settingIdentity = identity{attr: "key", desc: "The setting's key, as in `key`."}
)

func (id identity) path() tfpath.Path { return tfpath.Root(id.attr) }

func (id identity) schema(resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		id.attr: identityschema.StringAttribute{RequiredForImport: true, Description: id.desc},
	}}
}

// behavior lets a mutable identity change on an in-place update (the
// framework otherwise refuses any identity change as a provider bug).
func (id identity) behavior(resp *resource.MetadataResponse) {
	resp.ResourceBehavior.MutableIdentity = id.mutable
}

// set records the identity of the object named value.
func (id identity) set(ctx context.Context, to *tfsdk.ResourceIdentity, value string) diag.Diagnostics {
	if to == nil { // a Terraform older than 1.12 sends no identity
		return nil
	}
	return to.SetAttribute(ctx, id.path(), types.StringValue(value))
}

// importName is what an import names: the string import ID, or the
// identity's attribute when the import block gives an identity.
func (id identity) importName(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) string {
	if req.ID != "" || req.Identity == nil {
		return req.ID
	}
	var v types.String
	diags.Append(req.Identity.GetAttribute(ctx, id.path(), &v)...)
	return v.ValueString()
}

func (*fileResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	pathIdentity.schema(resp)
}

func (*directoryResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	pathIdentity.schema(resp)
}

func (*directorySyncResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	pathIdentity.schema(resp)
}

func (*storageResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	storageIdentity.schema(resp)
}

func (*metaResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	metaIdentity.schema(resp)
}

func (*userResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	userIdentity.schema(resp)
}

func (*roleResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	roleIdentity.schema(resp)
}

func (*settingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	settingIdentity.schema(resp)
}
