package alisttest

// The few admin routes the test server implements beyond uploads' tasks:
// enough for a client to tell the dialects apart on a server whose version
// says "dev" (a self-built one), by probing a route only one of them has.

// v362BuiltinRoles are the roles of a fresh v3.62 (its v3.46 migration), as
// GET /api/admin/role/list shows them (transcripts admin-role-alist-v3.62.out
// and alist-v3.62-probe4.out): none is the default although the setting
// default_role names guest, and the admin role has every bit (0xFFFF). The
// test server has no role API, so the list never changes.
func v362BuiltinRoles() []object {
	role := func(id int, name, desc string, perm int32) object {
		return object{
			{"id", id},
			{"name", name},
			{"description", desc},
			{"default", false},
			{"permission_scopes", []object{{{"path", "/"}, {"permission", perm}}}},
		}
	}
	return []object{
		role(1, "guest", "Guest", 0),
		role(2, "admin", "Administrator", v362AdminPerm),
		role(3, "general", "General User", 0),
	}
}

// handleRoleList answers GET /api/admin/role/list (v3.62 only).
func handleRoleList(c *reqCtx) (any, error) {
	roles := v362BuiltinRoles()
	return object{{"content", roles}, {"total", len(roles)}}, nil
}

// handleScanProgress answers GET /api/admin/scan/progress (OpenList only):
// the manual scan's progress, shaped like ManualScanResp in OpenList's
// server/handles/scan.go (read in its current source; no transcript records
// the answer, so v4.2.5 is assumed the same). No scan ever runs here: this
// is an idle server's answer, nothing counted and done.
func handleScanProgress(c *reqCtx) (any, error) {
	return object{{"obj_count", 0}, {"is_done", true}}, nil
}
