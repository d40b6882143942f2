package alisttest

import (
	"errors"
	"fmt"
	"os"
	"path"
	"strings"
)

// Request types of the fs calls (the real ones are ListReq, FsGetReq, ...).
type (
	listReq struct {
		Path     string `json:"path"`
		Password string `json:"password"`
		Page     int    `json:"page"`
		PerPage  int    `json:"per_page"`
		Refresh  bool   `json:"refresh"`
	}
	fsGetReq struct {
		Path     string `json:"path"`
		Password string `json:"password"`
	}
	dirReq struct {
		Path      string `json:"path"`
		Password  string `json:"password"`
		ForceRoot bool   `json:"force_root"`
	}
	mkdirReq struct {
		Path string `json:"path"`
	}
	renameReq struct {
		Path      string `json:"path"`
		Name      string `json:"name"`
		Overwrite bool   `json:"overwrite"`
	}
	removeReq struct {
		Dir   string   `json:"dir"`
		Names []string `json:"names"`
	}
	moveCopyReq struct {
		SrcDir       string   `json:"src_dir"`
		DstDir       string   `json:"dst_dir"`
		Names        []string `json:"names"`
		Overwrite    bool     `json:"overwrite"`     // v3.62, OpenList
		SkipExisting bool     `json:"skip_existing"` // OpenList
	}
)

// canAt tells whether the user holds a permission bit at path p. AList admins hold
// them all; OpenList admins only those they were given. On v3.62 the bits
// come from the user's role scopes that contain p (role.go).

func (s *Server) canAt(u *userRec, bit int32, p string) bool {
	if u.isAdmin() && s.flavor.adminBypassesBits() {
		return true
	}
	return s.permissionAt(u, p)&bit != 0
}

func (c *reqCtx) require(bit int32) error { return c.requireAt(bit, "") }

func (c *reqCtx) requireAt(bit int32, p string) error {
	if !c.s.canAt(c.user, bit, p) {
		return errPermissionDenied
	}
	return nil
}

// bindPath binds the request and joins one of its paths with the user's
// base path.
func (c *reqCtx) bindPath(req any, p *string) (string, error) {
	if err := bind(c.r, req); err != nil {
		return "", err
	}
	return c.s.joinPath(c.user, *p)
}

func handleFsList(c *reqCtx) (any, error) {
	var req listReq
	reqPath, err := c.bindPath(&req, &req.Path)
	if err != nil {
		return nil, err
	}
	meta, err := c.metaRead(reqPath, req.Password)
	if err != nil {
		return nil, err
	}
	if req.Refresh && !c.metaRefreshAllowed(meta, reqPath) {
		return nil, &apiError{403, "Refresh without permission"}
	}
	objs, m, err := c.s.fsList(reqPath, req.Refresh)
	if err != nil {
		return nil, fail(500, err)
	}
	objs = c.metaFilter(meta, reqPath, objs) // before paging: total counts what is shown
	pg := c.s.paginate(len(objs), req.Page, req.PerPage)
	content := c.s.listItems(objs[pg.start:pg.end], reqPath, m)
	provider := "unknown"
	if m != nil && !c.s.flavor.openList() { // OpenList says "unknown" here
		provider = m.driver
	}
	data := object{{"content", content}, {"total", len(objs)}}
	if c.s.flavor == AListV362 {
		data = append(data,
			field{"filtered_total", len(objs)},
			field{"page", pg.page},
			field{"per_page", pg.perPage},
			field{"has_more", pg.hasMore},
			field{"pages_total", pg.pagesTotal},
		)
	}
	data = append(data, c.metaListFields(meta, reqPath)...) // readme, header, write
	return append(data, field{"provider", provider}), nil
}

type page struct {
	start, end, page, perPage, pagesTotal int
	hasMore                               bool
}

// v3.62 list paging: 200 by default, at most 500, -1 for everything.
const (
	v362DefaultPerPage = 200
	v362MaxPerPage     = 500
)

// paginate applies the flavour's paging rules to total entries. AList v3.38
// and OpenList return everything for per_page ≤ 0.
func (s *Server) paginate(total, pageNo, perPage int) page {
	pageNo = max(pageNo, 1)
	all := perPage <= 0
	if s.flavor == AListV362 {
		all = perPage == -1
		switch {
		case perPage == 0 || perPage < -1:
			perPage = v362DefaultPerPage
		case perPage > v362MaxPerPage:
			perPage = v362MaxPerPage
		}
	}
	if all {
		pg := page{end: total, page: pageNo, perPage: perPage}
		if pageNo > 1 {
			pg.start = total
		}
		if total > 0 {
			pg.pagesTotal = 1
		}
		return pg
	}
	start := min(int64(pageNo-1)*int64(perPage), int64(total))
	end := min(start+int64(perPage), int64(total))
	return page{start: int(start), end: int(end), page: pageNo, perPage: perPage,
		hasMore: end < int64(total), pagesTotal: (total + perPage - 1) / perPage}
}

func handleFsGet(c *reqCtx) (any, error) {
	var req fsGetReq
	reqPath, err := c.bindPath(&req, &req.Path)
	if err != nil {
		return nil, err
	}
	meta, err := c.metaRead(reqPath, req.Password)
	if err != nil {
		return nil, err
	}
	o, err := c.s.fsGet(reqPath)
	if err != nil {
		return nil, fail(500, err)
	}
	provider := "unknown"
	m, _, serr := c.s.storageFor(reqPath)
	if serr == nil {
		provider = m.driver
	} else {
		m = nil
	}
	rawURL := ""
	if !o.isDir {
		if serr != nil {
			return nil, fail(500, serr)
		}
		rawURL = c.s.rawURL(c.r, reqPath)
	}
	parent := path.Dir(reqPath)
	var rel []object
	if siblings, sm, err := c.s.fsRelated(parent, o); err == nil {
		rel = c.s.listItems(c.metaFilter(meta, parent, siblings), parent, sm)
	}
	data := c.s.objectFields(o, reqPath, m, fileType(o.name))
	data = append(data, field{"raw_url", rawURL})
	data = append(data, metaTextFields(meta, reqPath)...) // readme, header
	data = append(data, field{"provider", provider})
	if c.s.flavor == AListV362 {
		data = append(data, field{"web_proxy", false})
	}
	return append(data, field{"related", rel}), nil
}

func handleFsDirs(c *reqCtx) (any, error) {
	var req dirReq
	if err := bind(c.r, &req); err != nil {
		return nil, err
	}
	reqPath := fixAndCleanPath(req.Path)
	if req.ForceRoot {
		if !c.user.isAdmin() {
			return nil, &apiError{403, "Permission denied"}
		}
	} else {
		p, err := c.s.joinPath(c.user, req.Path)
		if err != nil {
			return nil, err
		}
		reqPath = p
	}
	meta, err := c.metaRead(reqPath, req.Password)
	if err != nil {
		return nil, err
	}
	objs, _, err := c.s.fsList(reqPath, false)
	if err != nil {
		return nil, fail(500, err)
	}
	var dirs []object
	for _, o := range c.metaFilter(meta, reqPath, objs) {
		if o.isDir {
			dirs = append(dirs, object{{"name", o.name}, {"modified", o.modified}})
		}
	}
	return dirs, nil
}

func handleFsMkdir(c *reqCtx) (any, error) {
	var req mkdirReq
	reqPath, err := c.bindPath(&req, &req.Path)
	if err != nil {
		return nil, err
	}
	if err := c.metaRequireMkdir(reqPath); err != nil { // PermWrite, or a meta's write
		return nil, err
	}
	m, actual, err := c.s.storageFor(reqPath)
	if err != nil {
		return nil, failf(500, "failed get storage: %v", err)
	}
	if err := m.makeDir(c.s.flavor, actual); err != nil {
		return nil, fail(500, err)
	}
	return nil, nil
}

func handleFsRename(c *reqCtx) (any, error) {
	var req renameReq
	if err := bind(c.r, &req); err != nil {
		return nil, err
	}
	if err := c.require(PermRename); err != nil {
		return nil, err
	}
	reqPath, err := c.s.joinPath(c.user, req.Path)
	if err != nil {
		return nil, err
	}
	if err := c.requireAt(PermRename, reqPath); err != nil { // v3.62: the scopes at the path
		return nil, err
	}
	if err := c.s.checkName(req.Name); err != nil {
		return nil, err
	}
	// A name with a slash: v3.38 passes it to the disk, which answers.
	if strings.Contains(req.Name, "/") {
		switch c.s.flavor {
		case AListV362:
			return nil, failf(400, "invalid file name")
		case OpenListV4:
			return nil, &apiError{403, c.s.flavor.msgRelativePath()}
		}
	}
	dst := path.Join(path.Dir(reqPath), req.Name)
	if c.s.flavor.renameRefusesExisting() && !req.Overwrite && dst != reqPath {
		if _, err := c.s.fsGet(dst); err == nil {
			return nil, failf(403, "file [%s] exists", req.Name)
		}
	}
	m, actual, err := c.s.storageFor(reqPath)
	if err != nil {
		return nil, failf(500, "failed get storage: %v", err)
	}
	if _, err := m.get(c.s.flavor, actual); err != nil {
		return nil, failf(500, "failed to get src object: %v", err)
	}
	if actual == "/" {
		return nil, failf(500, "rename root folder is not allowed")
	}
	dstActual := path.Join(path.Dir(actual), req.Name)
	if err := os.Rename(m.disk(actual), m.disk(dstActual)); err != nil {
		return nil, fail(500, err)
	}
	m.cacheDropTree(actual)
	m.cacheDrop(path.Dir(actual))
	return nil, nil
}

func handleFsRemove(c *reqCtx) (any, error) {
	var req removeReq
	if err := bind(c.r, &req); err != nil {
		return nil, err
	}
	if len(req.Names) == 0 {
		return nil, errEmptyNames
	}
	if err := c.require(PermRemove); err != nil {
		return nil, err
	}
	dir, err := c.s.joinPath(c.user, req.Dir)
	if err != nil {
		return nil, err
	}
	if err := c.requireAt(PermRemove, dir); err != nil { // v3.62: the scopes at the path
		return nil, err
	}
	for _, name := range req.Names {
		if err := c.s.checkName(name); err != nil {
			return nil, err
		}
		if err := c.s.remove(path.Join(dir, name)); err != nil {
			return nil, fail(500, err)
		}
	}
	return nil, nil
}

// remove deletes one object; a missing one counts as removed.
func (s *Server) remove(p string) error {
	m, actual, err := s.storageFor(p)
	if err != nil {
		return fmt.Errorf("failed get storage: %w", err)
	}
	if actual == "/" {
		return fmt.Errorf("%s", s.flavor.msgRemoveRoot())
	}
	if _, err := m.get(s.flavor, actual); err != nil {
		if isNotFound(err) {
			return nil
		}
		return fmt.Errorf("failed to get object: %w", err)
	}
	if err := os.RemoveAll(m.disk(actual)); err != nil {
		return err
	}
	m.cacheRemove(actual) // every flavour keeps its cache right on remove
	return nil
}

func handleFsMove(c *reqCtx) (any, error) {
	if err := c.move(); err != nil {
		return nil, err
	}
	if c.s.flavor.openList() {
		return object{{"message", "Move operations completed immediately"}}, nil
	}
	return nil, nil
}

// move runs a move request synchronously (fs/copy is in copy.go), name by
// name. A name that exists at the destination: v3.38 (no overwrite field)
// replaces a file there silently (os.Rename); v3.62 and OpenList refuse
// with 403 unless overwrite, and OpenList's skip_existing leaves the name
// where it is.
func (c *reqCtx) move() error {
	var req moveCopyReq
	if err := bind(c.r, &req); err != nil {
		return err
	}
	if len(req.Names) == 0 {
		return errEmptyNames
	}
	srcDir, dstDir, err := c.srcDstDirs(PermMove, req.SrcDir, req.DstDir)
	if err != nil {
		return err
	}
	f := c.s.flavor
	for _, name := range req.Names {
		if err := c.s.checkName(name); err != nil {
			return err
		}
		if f.renameRefusesExisting() && !req.Overwrite {
			if _, err := c.s.fsGet(path.Join(dstDir, name)); err == nil {
				if f.openList() && req.SkipExisting {
					continue
				}
				return failf(403, "file [%s] exists", name)
			}
		}
		if err := c.s.moveOne(path.Join(srcDir, name), dstDir); err != nil {
			return fail(500, err)
		}
	}
	return nil
}

type recursiveMoveReq struct {
	SrcDir         string `json:"src_dir"`
	DstDir         string `json:"dst_dir"`
	ConflictPolicy string `json:"conflict_policy"` // v3.62, OpenList
}

// handleFsRecursiveMove moves every file below src_dir into dst_dir
// itself, flattening the tree (the emptied folders stay). v3.38 has no
// conflict_policy and overwrites; v3.62 and OpenList refuse the whole call
// on "cancel" (403, nothing moved) when a name exists, leave such files on
// "skip", and overwrite on "overwrite" or none. They count the files moved
// in the answer's message.
func handleFsRecursiveMove(c *reqCtx) (any, error) {
	var req recursiveMoveReq
	if err := bind(c.r, &req); err != nil {
		return nil, err
	}
	srcDir, dstDir, err := c.srcDstDirs(PermMove, req.SrcDir, req.DstDir)
	if err != nil {
		return nil, err
	}
	f := c.s.flavor
	if f == AListV338 {
		req.ConflictPolicy = "overwrite"
	}
	files, err := c.s.filesBelow(srcDir)
	if err != nil {
		return nil, fail(500, err)
	}
	var moves []string
	for _, p := range files {
		if _, err := c.s.fsGet(path.Join(dstDir, path.Base(p))); err == nil {
			switch req.ConflictPolicy {
			case "cancel":
				return nil, failf(403, "file [%s] exists", path.Base(p))
			case "skip":
				continue
			}
		}
		moves = append(moves, p)
	}
	for _, p := range moves {
		if err := c.s.moveOne(p, dstDir); err != nil {
			return nil, fail(500, err)
		}
	}
	if f == AListV338 {
		return nil, nil
	}
	unit := "files"
	if len(moves) == 1 {
		unit = "file"
	}
	writeJSON(c.w, envelope{200, fmt.Sprintf("Successfully moved %d %s", len(moves), unit), nil})
	return handled, nil
}

// filesBelow lists the files of the tree at dir (a virtual path), folder
// by folder in listing order.
func (s *Server) filesBelow(dir string) ([]string, error) {
	m, actual, err := s.storageFor(dir)
	if err != nil {
		return nil, err
	}
	entries, err := m.list(s.flavor, actual, false)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, o := range entries {
		p := path.Join(dir, o.name)
		if !o.isDir {
			files = append(files, p)
			continue
		}
		below, err := s.filesBelow(p)
		if err != nil {
			return nil, err
		}
		files = append(files, below...)
	}
	return files, nil
}

// errCrossStorageMove: AList refuses a move between storages. OpenList
// queues move tasks instead (copy, then delete the source once every
// transfer into that destination folder has ended); the test server does
// not imitate them and refuses there too, with its own words.
var (
	errCrossStorageMove         = errors.New("can't move files between two storages, try to copy")
	errCrossStorageMoveOpenList = errors.New("alisttest: OpenList's move tasks between storages are not imitated")
)

// srcDstDirs checks a move's or copy's permission bit and joins its
// folders with the user's base path.
func (c *reqCtx) srcDstDirs(bit int32, src, dst string) (string, string, error) {
	v362 := c.s.flavor == AListV362
	if !v362 { // the user's own bits, before anything else
		if err := c.require(bit); err != nil {
			return "", "", err
		}
	}
	srcDir, err := c.s.joinPath(c.user, src)
	if err != nil {
		return "", "", err
	}
	dstDir, err := c.s.joinPath(c.user, dst)
	if err != nil {
		return "", "", err
	}
	// v3.62 merges the role scopes at the source folder only (FsMove,
	// FsCopy); its path limits at both are not imitated.
	if v362 {
		if err := c.requireAt(bit, srcDir); err != nil {
			return "", "", err
		}
	}
	return srcDir, dstDir, nil
}

// srcAndDstDir is the first step of a move or copy within the server
// (op.Move, op.Copy): the source object, and a destination folder that
// exists.
func (s *Server) srcAndDstDir(sm *mount, sActual string, dm *mount, dActual string) (obj, error) {
	so, err := sm.get(s.flavor, sActual)
	if err != nil {
		return obj{}, fmt.Errorf("failed to get src object: %w", err)
	}
	d, err := dm.get(s.flavor, dActual)
	if err != nil {
		return obj{}, fmt.Errorf("failed to get dst dir: %w", err)
	}
	if !d.isDir {
		return obj{}, fmt.Errorf("failed to get dst dir: %w", errNotFolder)
	}
	if sActual == "/" {
		return obj{}, fmt.Errorf("can not move or copy a storage root")
	}
	return so, nil
}

func (s *Server) moveOne(src, dstDir string) error {
	sm, sActual, err := s.storageFor(src)
	if err != nil {
		return fmt.Errorf("failed get src storage: %w", err)
	}
	dm, dActual, err := s.storageFor(dstDir)
	if err != nil {
		return fmt.Errorf("failed get dst storage: %w", err)
	}
	so, err := s.srcAndDstDir(sm, sActual, dm, dActual)
	if err != nil {
		return err
	}
	if within(path.Join(dm.path, dActual), path.Join(sm.path, sActual)) {
		return errors.New("the destination folder is a subfolder of the source folder")
	}
	if sm != dm {
		if s.flavor.openList() {
			return errCrossStorageMoveOpenList
		}
		return errCrossStorageMove
	}
	target := dm.disk(path.Join(dActual, so.name))
	err = os.Rename(sm.disk(sActual), target)
	sm.cacheRemove(sActual)
	dm.cacheDropTree(path.Join(dActual, so.name))
	dm.cacheDrop(dActual)
	return err
}
