package provider

import (
	"context"
	"fmt"

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
	// account or a role renamed, a file or folder moved on its storage),
	// so the identity follows the update.
	mutable bool
}

var (
	pathIdentity    = identity{attr: "path", desc: "The absolute path on the AList site, as in `path`.", mutable: true}
	storageIdentity = identity{attr: "mount_path", desc: "The storage's mount path, as in `mount_path`.", mutable: true}
	metaIdentity    = identity{attr: "path", desc: "The folder the meta applies to, as in `path`."}
	userIdentity    = identity{attr: "username", desc: "The account's username, as in `username`.", mutable: true}
	roleIdentity    = identity{attr: "name", desc: "The role's name, as in `name`.", mutable: true}
	settingIdentity = identity{attr: "key", desc: "The setting's key, as in `key`."}
	shareIdentity   = identity{attr: "share_id", desc: "The share's id, as in `share_id`."}
)

// followsNote is the sentence a renamable attribute's description ends
// with: what Terraform does with the identity on a rename in place.
func (id identity) followsNote() string {
	return " The resource's identity (Terraform 1.12 and later) follows: the state's identity then holds the new `" + id.attr +
		"`, and an import block by identity names the new one."
}

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

// follow sets the identity from the name in state. Create, Read and Update
// defer it first thing, so that every way out of them leaves an identity
// (the framework refuses a response without one, even to a Terraform
// older than 1.12). The name is the first of states that holds one: the
// new state, else the prior one (a Read that found the object gone). An
// immutable identity, once set, stays: only a meta's path edited in the
// web UI could move it (a meta's path never changes in place, unlike a
// file's), and the plan then replaces the meta, whose new identity comes
// with its create.
func (id identity) follow(ctx context.Context, to *tfsdk.ResourceIdentity, diags *diag.Diagnostics, states ...*tfsdk.State) {
	if to == nil || !id.mutable && !to.Raw.IsFullyNull() {
		return
	}
	for _, s := range states {
		if s.Raw.IsNull() {
			continue
		}
		var v types.String
		if diags.Append(s.GetAttribute(ctx, id.path(), &v)...); v.IsNull() || v.IsUnknown() {
			continue
		}
		diags.Append(id.set(ctx, to, v.ValueString())...)
		return
	}
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

// refuseImport says what an import must name: the string import ID and the
// identity's attribute take the same name, so both get this error.
func (id identity) refuseImport(diags *diag.Diagnostics, name, want string) {
	diags.AddError("Invalid import ID", fmt.Sprintf("%q: the import ID, or the identity's %s, is %s.", name, id.attr, want))
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

func (*shareResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	shareIdentity.schema(resp)
}
