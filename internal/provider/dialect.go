package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// dialect is what a user's fields mean on one server: permission bits on
// the user (v3.38, OpenList) or roles with scopes (v3.62).
type dialect struct {
	info  alist.ServerInfo
	roles []alist.Role // v3.62's roles, by id
}

func (d *dialect) hasRoles() bool { return d.info.HasRoles() }

func (d *dialect) roleName(id uint) string {
	for _, r := range d.roles {
		if r.ID == id {
			return r.Name
		}
	}
	return fmt.Sprintf("#%d", id) // a role deleted while users held it (v3.62 keeps the id)
}

// roleIDs maps role names to ids, refusing unknown names.
func (d *dialect) roleIDs(names []string) ([]uint, error) {
	ids := make([]uint, 0, len(names))
	for _, n := range names {
		i := slices.IndexFunc(d.roles, func(r alist.Role) bool { return r.Name == n })
		if i < 0 {
			var known []string
			for _, r := range d.roles {
				known = append(known, r.Name)
			}
			return nil, fmt.Errorf("this server has no role %q; its roles are: %s", n, quoteList(known))
		}
		ids = append(ids, d.roles[i].ID)
	}
	slices.Sort(ids)
	return ids, nil
}

// dialect reads the server's version and, with roles on v3.62, its roles
// (to map names and ids: a plan's checks need only the version).
func (d *providerData) dialect(ctx context.Context, roles bool, diags *diag.Diagnostics) *dialect {
	info, ok := d.serverInfo(ctx, diags)
	if !ok {
		return nil
	}
	dl := &dialect{info: info}
	if roles && info.HasRoles() {
		var err error
		if dl.roles, err = d.session.Roles(ctx); err != nil {
			addAPIError(diags, tfpath.Empty(), "Cannot read the server's roles", err)
			return nil
		}
	}
	return dl
}

// builtinRoleIDs are v3.62's admin and guest role ids (by name: they
// differ between installs); 0 elsewhere.
func (d *dialect) builtinRoleIDs() (admin, guest uint) {
	for _, r := range d.roles {
		switch r.Name {
		case adminName:
			admin = r.ID
		case guestName:
			guest = r.ID
		}
	}
	return admin, guest
}
