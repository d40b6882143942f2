package provider

import (
	"context"
	"errors"
	"fmt"
	"path"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// Moves in place: a new `path` of alist_file, alist_directory or
// alist_directory_sync on the storage that holds the old one is an update
// that moves or renames the object on the server (fs/move, fs/rename), one
// call whatever its size; across storages the resource is replaced. AList
// refuses a move between storages, and OpenList turns it into move tasks
// whose source may never be deleted (a task canceled while pending holds
// the destination folder's group open), so the provider does not ask.

// movedNote is the sentence of each `path` description that says what a
// change does.
func movedNote(what string) string {
	return "Changing it to a path on the same storage moves or renames the " + what + " on the server in place (`fs/rename` for a new name, `fs/move` " +
		"for another folder, both for both; nothing is uploaded again); a path on another storage, or one that is not known until apply, replaces the resource (deleted, then created and " +
		"uploaded again). Telling the storages apart needs an admin account (the storage list): with another account every change of `path` replaces " +
		"the resource, and the plan warns. A destination that exists already is refused, and nothing is moved" +
		map[bool]string{true: " (unless `overwrite = true`, which replaces the file there)", false: ""}[what == "file"] + "." +
		pathIdentity.followsNote()
}

// planMove decides, for a resource whose path changes from old to next,
// between a move in place (true) and a replacement. It refuses at plan a
// folder moved into itself and a destination that exists (unless
// overwriteFile and a file is there: alist_file's overwrite).
func (d *providerData) planMove(ctx context.Context, old, next types.String, overwriteFile bool, resp *resource.ModifyPlanResponse) bool {
	if old.IsNull() || old.Equal(next) {
		return false
	}
	attr := tfpath.Root("path")
	if next.IsUnknown() || d == nil {
		resp.RequiresReplace = append(resp.RequiresReplace, attr)
		return false
	}
	from, to := old.ValueString(), next.ValueString()
	ctx = d.requestContext(ctx)
	same, why := d.sameStorage(ctx, from, to)
	if why != "" {
		resp.Diagnostics.AddAttributeWarning(attr, "The resource is replaced, not moved",
			fmt.Sprintf("The provider cannot tell whether %q and %q are on the same storage: %s. It plans a replacement (delete, then create and upload again), "+
				"which works whatever the storages. With an admin account, a path on the same storage is moved in place.", from, to, why))
	}
	if !same {
		resp.RequiresReplace = append(resp.RequiresReplace, attr)
		return false
	}
	if within(to, from) {
		resp.Diagnostics.AddAttributeError(attr, "Cannot move into itself",
			fmt.Sprintf("The new path %q is inside the old one, %q: an object cannot be moved into itself. Choose a path outside %q.", to, from, from))
		return false
	}
	d.refuseDestination(ctx, to, overwriteFile, &resp.Diagnostics)
	return true
}

// sameStorage reports whether a and b lie on the same storage, where the
// server places them for the account; why says what kept it from telling.
func (d *providerData) sameStorage(ctx context.Context, a, b string) (same bool, why string) {
	holders, why := d.holdingStorages(ctx, a, b)
	if why != "" {
		return false, why
	}
	return holders[0] != nil && holders[0] == holders[1], ""
}

// holdingStorages finds the storage holding each path (where the server
// places it for the account): the enabled storage whose mount path is the
// longest prefix, nil where none is. It needs the storage list, which only
// an admin may read; why says what kept it from telling.
func (d *providerData) holdingStorages(ctx context.Context, paths ...string) (holders []*alist.Storage, why string) {
	me, err := d.session.CachedMe(ctx)
	if err != nil {
		return nil, "the provider's account cannot be read (" + err.Error() + ")"
	}
	if !me.IsAdmin() {
		return nil, fmt.Sprintf("the account %q is not an admin, and only admins may list the storages", me.Username)
	}
	info, err := d.session.Info(ctx)
	if err != nil {
		return nil, "the server's version cannot be read (" + err.Error() + ")"
	}
	storages, err := d.session.Storages(ctx)
	if err != nil {
		return nil, "the storages cannot be listed (" + err.Error() + ")"
	}
	holders = make([]*alist.Storage, len(paths))
	for i, p := range paths {
		placed := info.PlacedPath(me.BasePath, p)
		for j, st := range storages {
			if within(placed, st.MountPath) && !st.Disabled && (holders[i] == nil || len(st.MountPath) > len(holders[i].MountPath)) {
				holders[i] = &storages[j]
			}
		}
	}
	return holders, ""
}

// refuseDestination adds an error when something is at to already, unless
// overwriteFile and it is a file; false then. A failed look is left to the
// move, which meets the same failure.
func (d *providerData) refuseDestination(ctx context.Context, to string, overwriteFile bool, diags *diag.Diagnostics) bool {
	obj, err := d.session.Get(ctx, to, "")
	if err != nil || overwriteFile && !obj.IsDir {
		return true
	}
	what := map[bool]string{true: "A folder", false: "A file"}[obj.IsDir]
	hint := "Choose another path, or remove what is there first."
	if overwriteFile {
		hint = "`overwrite = true` replaces a file, never a folder. " + hint
	}
	diags.AddAttributeError(tfpath.Root("path"), "The destination exists",
		fmt.Sprintf("%s exists at %q, where this resource would move: moving onto it would replace it (AList v3.38 does so without asking), "+
			"so nothing was moved. %s", what, to, hint))
	return false
}

// move moves the object at from to to on the server (the plan found both on
// one storage): it looks at the destination first, since AList v3.38
// replaces an existing file there without a word, makes the new parent
// folder, and moves. False, with the error added, when it did not.
func (d *providerData) move(ctx context.Context, from, to string, overwriteFile bool, diags *diag.Diagnostics) bool {
	if !d.refuseDestination(ctx, to, overwriteFile, diags) {
		return false
	}
	attr := tfpath.Root("path")
	if parent := path.Dir(to); parent != path.Dir(from) {
		if err := d.session.Mkdir(ctx, parent); err != nil {
			addAPIError(diags, attr, "Cannot create the new parent folder", err)
			return false
		}
	}
	if err := d.session.Relocate(ctx, from, to, overwriteFile); err != nil {
		summary := "Cannot move " + from + " to " + to
		if errors.Is(err, alist.ErrAlreadyExists) {
			summary = "The destination exists"
		}
		addAPIError(diags, attr, summary, err)
		return false
	}
	return true
}
