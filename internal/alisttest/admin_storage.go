package alisttest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The storage and driver admin API: /api/admin/storage/* and
// /api/admin/driver/*, with the real servers' traps (all seen live): create
// mounts even a disabled storage, delete leaves such a
// storage mounted (a ghost until Restart), update is a full replacement
// whose disabled flag only reaches the database, update without an id
// inserts a new row and unmounts the first one, enable and disable are not
// idempotent.

// Storage is one storage row (x_storages) as the admin API shows it. The
// fields a flavour does not have are left out of its answers and zeroed
// when a request sets them.
type Storage struct {
	ID                  uint      `json:"id"`
	MountPath           string    `json:"mount_path"`
	Order               int       `json:"order"`
	Driver              string    `json:"driver"`
	CacheExpiration     int       `json:"cache_expiration"`
	CustomCachePolicies string    `json:"custom_cache_policies"` // OpenList
	Status              string    `json:"status"`
	Addition            string    `json:"addition"` // JSON text
	Remark              string    `json:"remark"`
	Modified            time.Time `json:"modified"`
	Disabled            bool      `json:"disabled"`
	DisableIndex        bool      `json:"disable_index"` // v3.62, OpenList
	EnableSign          bool      `json:"enable_sign"`
	OrderBy             string    `json:"order_by"`
	OrderDirection      string    `json:"order_direction"`
	ExtractFolder       string    `json:"extract_folder"`
	WebProxy            bool      `json:"web_proxy"`
	WebdavPolicy        string    `json:"webdav_policy"`
	ProxyRange          bool      `json:"proxy_range"`
	DownProxyURL        string    `json:"down_proxy_url"`
	DownProxySign       bool      `json:"down_proxy_sign"`    // v3.62
	DisableProxySign    bool      `json:"disable_proxy_sign"` // OpenList
}

// Status values besides a driver's init error.
const (
	StatusWork     = "work"
	StatusDisabled = "disabled"
)

// storageJSON is the row with the flavour's keys in its order.
func (st *Storage) storageJSON(f Flavor) object {
	o := object{{"id", int(st.ID)}, {"mount_path", st.MountPath}, {"order", st.Order}, {"driver", st.Driver},
		{"cache_expiration", st.CacheExpiration}}
	if f.openList() {
		o = append(o, field{"custom_cache_policies", st.CustomCachePolicies})
	}
	o = append(o, field{"status", st.Status}, field{"addition", st.Addition}, field{"remark", st.Remark},
		field{"modified", st.Modified}, field{"disabled", st.Disabled})
	if f != AListV338 {
		o = append(o, field{"disable_index", st.DisableIndex})
	}
	o = append(o, field{"enable_sign", st.EnableSign}, field{"order_by", st.OrderBy},
		field{"order_direction", st.OrderDirection}, field{"extract_folder", st.ExtractFolder},
		field{"web_proxy", st.WebProxy}, field{"webdav_policy", st.WebdavPolicy},
		field{"proxy_range", st.ProxyRange}, field{"down_proxy_url", st.DownProxyURL})
	switch f {
	case AListV362:
		o = append(o, field{"down_proxy_sign", st.DownProxySign})
	case OpenListV4:
		o = append(o, field{"disable_proxy_sign", st.DisableProxySign})
	}
	return o
}

// trimToFlavor zeroes the fields the flavour's table does not have.
func (st *Storage) trimToFlavor(f Flavor) {
	if !f.openList() {
		st.CustomCachePolicies, st.DisableProxySign = "", false
	}
	if f == AListV338 {
		st.DisableIndex = false
	}
	if f != AListV362 {
		st.DownProxySign = false
	}
}

// storageState is the storage table and the mounts (the real storagesMap).
// The fs handlers read the mounts on every request: the table is a
// copy-on-write slice they load without a lock. mu guards the rows and
// serialises changes of the table. A driver's Init runs without mu (it
// may call this very server over HTTP), so an admin operation locks, reads
// or writes the rows, unlocks, inits, and locks again to mount.
// Lock order: mu before authState.mu (the v3.62 delete guard reads users).
type storageState struct {
	mu     sync.Mutex
	rows   []*Storage // by id
	lastID uint       // the AUTOINCREMENT sequence: ids are never reused
	table  atomic.Pointer[[]*mount]
}

// mounts is the current mount table; callers must not change it.
func (st *storageState) mounts() []*mount {
	if p := st.table.Load(); p != nil {
		return *p
	}
	return nil
}

// mountAtLocked is the mount at a path (the real GetStorageByMountPath).
func (st *storageState) mountAtLocked(p string) *mount {
	for _, m := range st.mounts() {
		if m.path == p {
			return m
		}
	}
	return nil
}

// setMountLocked mounts m, replacing what was mounted at its path.
func (st *storageState) setMountLocked(m *mount) {
	old := st.mounts()
	next := make([]*mount, 0, len(old)+1)
	for _, o := range old {
		if o.path != m.path {
			next = append(next, o)
		}
	}
	next = append(next, m)
	st.table.Store(&next)
}

// dropMountLocked unmounts the storage at a path.
func (st *storageState) dropMountLocked(p string) {
	next := slices.DeleteFunc(slices.Clone(st.mounts()), func(m *mount) bool { return m.path == p })
	st.table.Store(&next)
}

var errRecordNotFound = errors.New("record not found")

// rowLocked is the real db.GetStorageById: id 0 has no condition and
// finds the first row.
func (st *storageState) rowLocked(id uint) (*Storage, error) {
	for _, r := range st.rows {
		if r.ID == id || id == 0 {
			c := *r
			return &c, nil
		}
	}
	return nil, errRecordNotFound
}

// insertLocked inserts a row, giving it the next id unless it has one, as
// SQLite does (the rowid is checked before the unique index).
func (st *storageState) insertLocked(f Flavor, r *Storage) error {
	if r.ID != 0 && slices.ContainsFunc(st.rows, func(o *Storage) bool { return o.ID == r.ID }) {
		return errors.New(f.storageUnique("id", 1555))
	}
	if err := st.checkUniqueLocked(f, r); err != nil {
		return err
	}
	if r.ID == 0 {
		r.ID = st.lastID + 1
	}
	st.saveLocked(*r)
	return nil
}

func (st *storageState) checkUniqueLocked(f Flavor, r *Storage) error {
	if slices.ContainsFunc(st.rows, func(o *Storage) bool { return o.ID != r.ID && o.MountPath == r.MountPath }) {
		return errors.New(f.storageUnique("mount_path", 2067))
	}
	return nil
}

// saveLocked is gorm's Save: update the row with r's id, or insert it
// when there is none (gorm inserts when the update changed no row, so a
// ghost's row comes back when its driver is saved; inferred from gorm).
func (st *storageState) saveLocked(r Storage) {
	st.lastID = max(st.lastID, r.ID)
	for i, o := range st.rows {
		if o.ID == r.ID {
			st.rows[i] = &r
			return
		}
	}
	st.rows = append(st.rows, &r)
	slices.SortFunc(st.rows, func(a, b *Storage) int { return int(a.ID) - int(b.ID) })
}

func (st *storageState) deleteLocked(id uint) {
	st.rows = slices.DeleteFunc(st.rows, func(r *Storage) bool { return r.ID == id })
}

// storageUnique is SQLite's unique violation as each flavour's driver
// words it (OpenList's adds the extended code: 2067 unique, 1555 primary
// key; the latter inferred).
func (f Flavor) storageUnique(column string, code int) string {
	msg := "UNIQUE constraint failed: x_storages." + column
	if f.openList() {
		return fmt.Sprintf("constraint failed: %s (%d)", msg, code)
	}
	return msg
}

// opRowLocked is the row an operation on ?id= works on.
func (st *storageState) opRowLocked(id uint) (*Storage, error) {
	row, err := st.rowLocked(id)
	if err != nil {
		return nil, fmt.Errorf("failed get storage: %w", err)
	}
	return row, nil
}

func errNoMount(p string) error {
	return fmt.Errorf("failed get storage driver: no mount path for an storage is: %s", p)
}

// initStorage is the real initStorage: decode the addition over base, run
// the driver's Init, mount the storage even when that failed, set the
// status and save the row with the addition the driver ended with.
func (s *Server) initStorage(ctx context.Context, st Storage, base object, login bool) error {
	info, _ := s.driverNamed(st.Driver) // the callers checked it
	add, err := decodeAddition(info.Additional, base, st.Addition)
	var m *mount
	if err == nil {
		m, err = s.mountDriver(ctx, &st, info, add, login)
	}
	if err != nil {
		// Mounted all the same: listed under / and answering the error.
		m = &mount{path: st.MountPath, root: s.noDisk(), driver: st.Driver, created: st.Modified, offline: err}
		st.Status = err.Error()
		err = fmt.Errorf("failed init storage: %w", err)
	} else {
		st.Status = StatusWork
	}
	st.Addition = add.text()
	m.row, m.addition = st, add
	s.storages.mu.Lock()
	defer s.storages.mu.Unlock()
	s.storages.setMountLocked(m)
	s.storages.saveLocked(st)
	if m.remote != nil {
		m.remote.publish()
	}
	return err
}

// saveAddition stores a remote driver's addition after it logged in again
// (MustSaveDriverStorage), if its row is still there.
func (s *Server) saveAddition(id uint, add object) {
	s.storages.mu.Lock()
	defer s.storages.mu.Unlock()
	if r, err := s.storages.rowLocked(id); err == nil && id != 0 {
		r.Addition = add.text()
		s.storages.saveLocked(*r)
	}
}

// createStorage is op.CreateStorage; the id is returned even on failure.
func (s *Server) createStorage(ctx context.Context, st Storage) (uint, error) {
	st.Modified = time.Now().UTC()
	st.MountPath = fixAndCleanPath(st.MountPath)
	if _, ok := s.driverNamed(st.Driver); !ok {
		return 0, fmt.Errorf("failed get driver new: no driver named: %s", st.Driver)
	}
	st.trimToFlavor(s.flavor)
	if s.flavor == AListV362 {
		st.DownProxySign = true // gorm's default:true replaces false on insert
	}
	s.storages.mu.Lock()
	err := s.storages.insertLocked(s.flavor, &st)
	s.storages.mu.Unlock()
	if err != nil {
		return st.ID, fmt.Errorf("failed create storage in database: %w", err)
	}
	if err := s.initStorage(ctx, st, nil, true); err != nil {
		return st.ID, fmt.Errorf("failed init storage but storage is already created: %w", err)
	}
	return st.ID, nil
}

// updateStorage is op.UpdateStorage: a full replacement of the row; then,
// unless the row says disabled, the driver in memory at the old mount path
// is dropped and initialised again with the new row (its addition decoded
// over the old one).
func (s *Server) updateStorage(ctx context.Context, st Storage) error {
	s.storages.mu.Lock()
	old, err := s.storages.rowLocked(st.ID)
	if err != nil {
		s.storages.mu.Unlock()
		return fmt.Errorf("failed get old storage: %w", err)
	}
	m, err := s.replaceRowLocked(old, &st)
	s.storages.mu.Unlock()
	if err != nil || st.Disabled {
		return err
	}
	return s.initStorage(ctx, st, m.addition, true)
}

// replaceRowLocked saves the new row and unmounts the old path if it
// changed. With id 0, gorm's Save inserts: the new row gets an id, and
// the first row, whose path "changed", loses its mount.
func (s *Server) replaceRowLocked(old, st *Storage) (*mount, error) {
	if old.Driver != st.Driver {
		return nil, errors.New("driver cannot be changed")
	}
	st.Modified = time.Now().UTC()
	st.MountPath = fixAndCleanPath(st.MountPath)
	st.trimToFlavor(s.flavor)
	var err error
	if st.ID == 0 {
		err = s.storages.insertLocked(s.flavor, st)
	} else if err = s.storages.checkUniqueLocked(s.flavor, st); err == nil {
		s.storages.saveLocked(*st)
	}
	if err != nil {
		return nil, fmt.Errorf("failed update storage in database: %w", err)
	}
	if st.Disabled {
		return nil, nil // only the database changes
	}
	m := s.storages.mountAtLocked(old.MountPath)
	if old.MountPath != st.MountPath {
		// v3.62 would also rewrite the roles' scope paths with the old
		// prefix: not imitated.
		s.storages.dropMountLocked(old.MountPath)
	}
	if m == nil {
		return nil, errNoMount(old.MountPath)
	}
	return m, nil
}

// deleteStorage is op.DeleteStorageById. A disabled row is deleted without
// unmounting (the ghost of a storage created disabled). OpenList deletes
// the row even when the mount is missing and then reports that; v3.62
// refuses while a user's base path shares the mount's first segment.
func (s *Server) deleteStorage(id uint) error {
	return s.withRow(id, func(row *Storage) error {
		if s.flavor == AListV362 {
			if used := s.storageInUse(row.MountPath); used != "" {
				return fmt.Errorf("storage is used by %s, please cancel usage first", used)
			}
		}
		var dropErr error
		if !row.Disabled {
			if s.storages.mountAtLocked(row.MountPath) == nil {
				dropErr = errNoMount(row.MountPath)
				if !s.flavor.openList() {
					return dropErr
				}
			}
			s.storages.dropMountLocked(row.MountPath)
		}
		s.storages.deleteLocked(id) // id 0 matches no row: only the unmount happened
		return dropErr
	})
}

// withRow runs op with mu held on the row of an operation on ?id=.
func (s *Server) withRow(id uint, op func(row *Storage) error) error {
	s.storages.mu.Lock()
	defer s.storages.mu.Unlock()
	row, err := s.storages.opRowLocked(id)
	if err != nil {
		return err
	}
	return op(row)
}

// storageInUse is v3.62's delete guard (internal/op/storage.go): the users
// whose base path has the mount path's first segment, as "user:U" joined
// by ", " in id order ("" when none). Roles' scope paths are checked the
// same way, listed before the users ("role:R").
func (s *Server) storageInUse(mountPath string) string {
	seg := firstSegment(mountPath)
	s.auth.mu.Lock()
	users := slices.DeleteFunc(slices.Collect(maps.Values(s.auth.users)), func(u *userRec) bool {
		return firstSegment(u.BasePath) != seg
	})
	s.auth.mu.Unlock()
	slices.SortFunc(users, func(a, b *userRec) int { return a.id - b.id })
	var used []string
	for _, r := range s.rolesInScope(mountPath) { // role.go
		used = append(used, "role:"+r)
	}
	for _, u := range users {
		used = append(used, "user:"+u.Username)
	}
	return strings.Join(used, ", ")
}

func firstSegment(p string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(fixAndCleanPath(p), "/"), "/")
	return seg
}

// enableStorage is op.EnableStorage: the row says enabled first, then the
// storage loads with a new driver.
func (s *Server) enableStorage(ctx context.Context, id uint) error {
	s.storages.mu.Lock()
	row, err := s.storages.opRowLocked(id)
	if err == nil && !row.Disabled {
		err = errors.New("this storage have enabled")
	}
	if err != nil {
		s.storages.mu.Unlock()
		return err
	}
	row.Disabled = false
	s.storages.saveLocked(*row)
	s.storages.mu.Unlock()
	if err := s.initStorage(ctx, *row, nil, true); err != nil {
		return fmt.Errorf("failed load storage: %w", err)
	}
	return nil
}

// disableStorage is op.DisableStorage: it needs the mount, and leaves
// modified as it was.
func (s *Server) disableStorage(id uint) error {
	return s.withRow(id, func(row *Storage) error {
		if row.Disabled {
			return errors.New("this storage have disabled")
		}
		if s.storages.mountAtLocked(row.MountPath) == nil {
			return errNoMount(row.MountPath)
		}
		row.Disabled, row.Status = true, StatusDisabled
		s.storages.saveLocked(*row)
		s.storages.dropMountLocked(row.MountPath)
		return nil
	})
}

// loadAll is LoadAllStorages: every mounted storage, ghosts included, is
// initialised again and its row saved. The real handler answers at once
// and reloads in the background behind the "Loading storage" gate; here
// the reload is done before the answer, so no request sees a gate (use
// Restart to test it).
func (s *Server) loadAll(ctx context.Context) {
	for _, m := range s.storages.mounts() {
		_ = s.initStorage(ctx, m.row, m.addition, true) // the status tells
	}
}

// reloadStorages is the storages a restarted server loads: the enabled
// rows, each initialised again (ghosts and unmounted rows are gone). It
// runs inside Restart, under its lock: remote drivers keep their saved
// token instead of logging in over HTTP.
func (s *Server) reloadStorages() {
	s.storages.mu.Lock()
	rows := slices.Clone(s.storages.rows)
	s.storages.table.Store(&[]*mount{})
	s.storages.mu.Unlock()
	for _, r := range rows {
		if !r.Disabled {
			_ = s.initStorage(context.Background(), *r, nil, false)
		}
	}
}

// initMounts makes the rows of the storages in Options: ids 1..n, Local
// ones first, each on its folder Dir/<mount path>, with what a real
// server's rows hold after their first init.
func (s *Server) initMounts() error {
	seen := map[string]bool{}
	add := func(paths []string, driver string) error {
		for _, p := range mountPaths(paths) {
			if seen[p] {
				return fmt.Errorf("storage %s is mounted twice", p)
			}
			seen[p] = true
			if err := s.addOptionStorage(p, driver); err != nil {
				return err
			}
		}
		return nil
	}
	if err := add(s.opts.Storages, DriverLocal); err != nil {
		return err
	}
	return add(s.opts.CachingStorages, DriverCached)
}

func (s *Server) addOptionStorage(p, driver string) error {
	root := s.diskFolder(p)
	if err := mkdirAll(root); err != nil {
		return err
	}
	add := object{{"root_folder_path", root}}
	if driver == DriverLocal && s.opts.ShowHidden {
		add = append(add, field{"show_hidden", true})
	}
	st := Storage{MountPath: p, Driver: driver, CacheExpiration: 30, WebdavPolicy: "native_proxy",
		Addition: add.text(), DownProxySign: s.flavor == AListV362,
		Modified: time.Now().UTC()}
	s.storages.mu.Lock()
	err := s.storages.insertLocked(s.flavor, &st)
	s.storages.mu.Unlock()
	if err == nil {
		err = s.initStorage(context.Background(), st, nil, true)
	}
	return err
}

// Storages returns a copy of the storage rows, by id: what the admin API
// would list, ghosts of deleted rows excluded.
func (s *Server) Storages() []Storage {
	s.storages.mu.Lock()
	defer s.storages.mu.Unlock()
	out := make([]Storage, 0, len(s.storages.rows))
	for _, r := range s.storages.rows {
		out = append(out, *r)
	}
	return out
}

// Mounted tells whether a storage is mounted at the path (the real
// storagesMap), whatever its row says: true for a ghost, false for a row
// unmounted by an update without id.
func (s *Server) Mounted(mountPath string) bool {
	s.storages.mu.Lock()
	defer s.storages.mu.Unlock()
	return s.storages.mountAtLocked(fixAndCleanPath(mountPath)) != nil
}

// Handlers.

func (s *Server) storageRoutes(rt map[string]route) {
	admin := func(methods []string, h func(*reqCtx) (any, error)) route {
		return route{methods: methods, auth: true, admin: true, h: h}
	}
	rt["/api/admin/storage/list"] = admin(get, handleStorageList)
	rt["/api/admin/storage/get"] = admin(get, handleStorageGet)
	rt["/api/admin/storage/create"] = admin(post, handleStorageCreate)
	rt["/api/admin/storage/update"] = admin(post, handleStorageUpdate)
	rt["/api/admin/storage/delete"] = admin(post, withStorageID(func(c *reqCtx, id uint) error { return c.s.deleteStorage(id) }))
	rt["/api/admin/storage/enable"] = admin(post, withStorageID(func(c *reqCtx, id uint) error {
		return c.s.enableStorage(c.r.Context(), id)
	}))
	rt["/api/admin/storage/disable"] = admin(post, withStorageID(func(c *reqCtx, id uint) error { return c.s.disableStorage(id) }))
	rt["/api/admin/storage/load_all"] = admin(post, func(c *reqCtx) (any, error) {
		c.s.loadAll(c.r.Context())
		return nil, nil
	})
	rt["/api/admin/driver/list"] = admin(get, handleDriverList)
	rt["/api/admin/driver/names"] = admin(get, handleDriverNames)
	rt["/api/admin/driver/info"] = admin(get, handleDriverInfo)
}

// queryID is ?id= as the handlers read it (strconv.Atoi, even on POST).
func queryID(c *reqCtx) (uint, error) {
	n, err := strconv.Atoi(c.r.URL.Query().Get("id"))
	if err != nil {
		return 0, &apiError{400, err.Error()}
	}
	return uint(n), nil // a negative id wraps, as uint(id) does there: not found
}

// withStorageID is a handler taking ?id= and answering null.
func withStorageID(op func(*reqCtx, uint) error) func(*reqCtx) (any, error) {
	return func(c *reqCtx) (any, error) {
		id, err := queryID(c)
		if err != nil {
			return nil, err
		}
		return nil, op(c, id)
	}
}

type pageReq struct {
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// handleStorageList: rows by order, then id; per_page < 1 means all.
func handleStorageList(c *reqCtx) (any, error) {
	var req pageReq
	if err := bind(c.r, &req); err != nil {
		return nil, err
	}
	rows := c.s.Storages()
	slices.SortStableFunc(rows, func(a, b Storage) int { return a.Order - b.Order })
	start, end := len(rows), len(rows)
	if req.PerPage < 1 {
		start = 0
	} else if first := (max(req.Page, 1) - 1) * req.PerPage; first < len(rows) {
		start, end = first, min(first+req.PerPage, len(rows))
	}
	content := []object{}
	for i := start; i < end; i++ {
		content = append(content, rows[i].storageJSON(c.s.flavor))
	}
	return object{{"content", content}, {"total", len(rows)}}, nil
}

func handleStorageGet(c *reqCtx) (any, error) {
	id, err := queryID(c)
	if err != nil {
		return nil, err
	}
	c.s.storages.mu.Lock()
	row, err := c.s.storages.rowLocked(id)
	c.s.storages.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return row.storageJSON(c.s.flavor), nil
}

// bindStorage binds the body and checks mount_path, gin's binding:"required".
func bindStorage(c *reqCtx) (Storage, error) {
	var st Storage
	if err := bind(c.r, &st); err != nil {
		return st, err
	}
	if st.MountPath == "" {
		return st, &apiError{400, "Key: 'Storage.MountPath' Error:Field validation for 'MountPath' failed on the 'required' tag"}
	}
	return st, nil
}

// handleStorageCreate answers {id} even on failure, with code 500.
func handleStorageCreate(c *reqCtx) (any, error) {
	st, err := bindStorage(c)
	if err != nil {
		return nil, err
	}
	id, err := c.s.createStorage(c.r.Context(), st)
	data := object{{"id", int(id)}}
	if err != nil {
		writeJSON(c.w, envelope{500, err.Error(), data})
		return handled, nil //nolint:nilerr // answered: the real server sends the id with the error
	}
	return data, nil
}

func handleStorageUpdate(c *reqCtx) (any, error) {
	st, err := bindStorage(c)
	if err != nil {
		return nil, err
	}
	return nil, c.s.updateStorage(c.r.Context(), st)
}
