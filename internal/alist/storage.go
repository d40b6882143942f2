package alist

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"path"
	"strings"
	"time"
)

// Storage is a mount. Addition is the driver's
// settings as JSON text. The pointer fields exist on some versions only
// (disable_index from v3.62 and OpenList, down_proxy_sign on v3.62,
// disable_proxy_sign and custom_cache_policies on OpenList): nil when the
// server did not send them.
type Storage struct {
	ID              uint      `json:"id"`
	MountPath       string    `json:"mount_path"`
	Order           int64     `json:"order"`
	Driver          string    `json:"driver"`
	CacheExpiration int64     `json:"cache_expiration"`
	Status          string    `json:"status"`
	Addition        string    `json:"addition"`
	Remark          string    `json:"remark"`
	Modified        time.Time `json:"modified"`
	Disabled        bool      `json:"disabled"`
	EnableSign      bool      `json:"enable_sign"`
	OrderBy         string    `json:"order_by"`
	OrderDirection  string    `json:"order_direction"`
	ExtractFolder   string    `json:"extract_folder"`
	WebProxy        bool      `json:"web_proxy"`
	WebdavPolicy    string    `json:"webdav_policy"`
	ProxyRange      bool      `json:"proxy_range"`
	DownProxyURL    string    `json:"down_proxy_url"`

	DisableIndex        *bool   `json:"disable_index,omitempty"`
	DownProxySign       *bool   `json:"down_proxy_sign,omitempty"`
	DisableProxySign    *bool   `json:"disable_proxy_sign,omitempty"`
	CustomCachePolicies *string `json:"custom_cache_policies,omitempty"`

	raw row // the row as read, sent back under the fields above
}

// storageFields is Storage without its methods, for encoding/json.
type storageFields Storage

func (st *Storage) UnmarshalJSON(b []byte) error {
	return decodeRow(b, (*storageFields)(st), &st.raw)
}

func (st Storage) MarshalJSON() ([]byte, error) {
	return encodeRow(st.raw, storageFields(st))
}

// StatusWork is a started storage's status; any other is the driver's error
// (or "disabled").
const StatusWork = "work"

// NormalizeMountPath is the server's FixAndCleanPath: backslashes become
// slashes, a leading slash is added and the path is cleaned ("tf1/" is
// "/tf1").
func NormalizeMountPath(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return path.Clean(p)
}

// Storages lists every storage, in the server's order (order, id).
func (s *Session) Storages(ctx context.Context) ([]Storage, error) {
	return adminList[Storage](ctx, s, "admin/storage/list", "/api/admin/storage/list")
}

// StoragePages reads the storages page by page (adminPages).
func (s *Session) StoragePages(ctx context.Context, perPage int) iter.Seq2[[]Storage, error] {
	return adminPages[Storage](ctx, s, "admin/storage/list", "/api/admin/storage/list", perPage)
}

// Storage is GET storage/get; a missing one is ErrNotFound.
func (s *Session) Storage(ctx context.Context, id uint) (*Storage, error) {
	var st Storage
	if err := s.adminGet(ctx, "admin/storage/get", "/api/admin/storage/get", byID(id), &st); err != nil {
		return nil, err
	}
	return &st, nil
}

// StorageByMountPath finds a storage by its (normalised) mount path; there
// is no route for it, and the mount path is unique.
func (s *Session) StorageByMountPath(ctx context.Context, mountPath string) (*Storage, error) {
	want := NormalizeMountPath(mountPath)
	return findRow(ctx, s.Storages, "admin/storage/list", "no storage is mounted at "+want, func(st *Storage) bool { return st.MountPath == want })
}

// StorageInitError is a create whose row was written but whose driver
// failed to start: the storage exists (ID), mounted with the error as its
// status, and a later update can fix it.
type StorageInitError struct {
	ID  uint
	Err *APIError
}

func (e *StorageInitError) Error() string { return e.Err.Error() }
func (e *StorageInitError) Unwrap() error { return e.Err }

// CreateStorage is POST storage/create and returns the new id. A driver
// that fails to start gives a *StorageInitError carrying the id of the row
// it left behind. The caller must not ask for disabled: the server would
// record it yet mount the storage anyway, and deleting such a row leaves
// its mount behind until a restart; create enabled, then DisableStorage.
func (s *Session) CreateStorage(ctx context.Context, st *Storage) (uint, error) {
	var out struct {
		ID uint `json:"id"`
	}
	err := s.adminWrite(ctx, &request{op: "admin/storage/create", method: http.MethodPost, path: "/api/admin/storage/create",
		json: st, remotePath: st.MountPath}, &out)
	var ae *APIError
	if errors.As(err, &ae) && len(ae.Data) > 0 {
		if json.Unmarshal(ae.Data, &out) == nil && out.ID > 0 {
			return out.ID, &StorageInitError{ID: out.ID, Err: ae}
		}
	}
	return out.ID, err
}

// UpdateStorage is POST storage/update with the whole row: st should come
// from a read, changed. It leaves disabled as the server has it (an update
// only writes the flag, it does not unmount: use Enable/DisableStorage).
func (s *Session) UpdateStorage(ctx context.Context, st *Storage) error {
	if st.ID == 0 {
		return errZeroID("storage")
	}
	return s.adminWrite(ctx, &request{op: "admin/storage/update", method: http.MethodPost, path: "/api/admin/storage/update",
		json: st, remotePath: st.MountPath}, nil)
}

// DeleteStorage is POST storage/delete. v3.62 refuses while a user's base
// path or a role's scope lies in the storage (ErrInUse).
func (s *Session) DeleteStorage(ctx context.Context, id uint) error {
	return s.storageOp(ctx, "delete", id)
}

// EnableStorage and DisableStorage mount and unmount a storage. Neither is
// idempotent: the server refuses to enable an enabled one.
func (s *Session) EnableStorage(ctx context.Context, id uint) error {
	return s.storageOp(ctx, "enable", id)
}

func (s *Session) DisableStorage(ctx context.Context, id uint) error {
	return s.storageOp(ctx, "disable", id)
}

func (s *Session) storageOp(ctx context.Context, op string, id uint) error {
	return s.adminWrite(ctx, &request{op: "admin/storage/" + op, method: http.MethodPost,
		path: "/api/admin/storage/" + op, query: byID(id)}, nil)
}

// AdditionMap decodes Addition; an empty one is an empty map.
func (st *Storage) AdditionMap() (map[string]any, error) {
	m := map[string]any{}
	if strings.TrimSpace(st.Addition) == "" {
		return m, nil
	}
	d := json.NewDecoder(strings.NewReader(st.Addition))
	d.UseNumber() // keep 64-bit numbers exact
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

// Has tells whether the server sent a field (see row.Has).
func (st *Storage) Has(field string) bool { return st.raw.Has(field) }
