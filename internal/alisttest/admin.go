package alisttest

// Admin routes of one dialect, which a client probes to tell the dialects
// apart on a server whose version says "dev" (a self-built one). v3.62's
// role API is admin_role.go.

// handleScanProgress answers GET /api/admin/scan/progress (OpenList only):
// the manual scan's progress, shaped like ManualScanResp in OpenList's
// server/handles/scan.go (read in its current source; no transcript records
// the answer, so v4.2.5 is assumed the same). No scan ever runs here: this
// is an idle server's answer, nothing counted and done.
func handleScanProgress(c *reqCtx) (any, error) {
	return object{{"obj_count", 0}, {"is_done", true}}, nil
}
