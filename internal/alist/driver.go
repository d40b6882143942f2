package alist

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// DriverItem is one field a driver's storages take (internal/driver/item.go):
// Type is "string", "bool", "number", "select", "text" or a Go number type
// name; Options is a select's comma-separated choices. The server enforces
// neither Required nor Default: the web UI fills them in.
type DriverItem struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Default  string `json:"default"`
	Options  string `json:"options"`
	Required bool   `json:"required"`
	Help     string `json:"help"`
}

// Choices are a select's options.
func (i DriverItem) Choices() []string {
	if i.Options == "" {
		return nil
	}
	return strings.Split(i.Options, ",")
}

// DriverConfig is what a driver says of itself.
type DriverConfig struct {
	Name        string `json:"name"`
	LocalSort   bool   `json:"local_sort"`
	OnlyLocal   bool   `json:"only_local"`
	OnlyProxy   bool   `json:"only_proxy"`
	NoCache     bool   `json:"no_cache"`
	NoUpload    bool   `json:"no_upload"`
	NeedMs      bool   `json:"need_ms"`
	DefaultRoot string `json:"default_root"`
	Alert       string `json:"alert"`
}

// DriverInfo is GET /api/admin/driver/info: Common are the storage's own
// fields this driver shows (which tells the version-specific ones a server
// has, and that a driver without a cache has no cache_expiration),
// Additional the driver's settings (a storage's addition).
type DriverInfo struct {
	Common     []DriverItem `json:"common"`
	Additional []DriverItem `json:"additional"`
	Config     DriverConfig `json:"config"`
}

// CommonField finds a storage field by name.
func (d *DriverInfo) CommonField(name string) (DriverItem, bool) { return findItem(d.Common, name) }

// Field finds an addition field by name.
func (d *DriverInfo) Field(name string) (DriverItem, bool) { return findItem(d.Additional, name) }

func findItem(items []DriverItem, name string) (DriverItem, bool) {
	i := slices.IndexFunc(items, func(it DriverItem) bool { return it.Name == name })
	if i < 0 {
		return DriverItem{}, false
	}
	return items[i], true
}

// driverCache keeps each driver's fields for the session: they only change
// with the server's binary, and every storage of a plan needs them.
type driverCache struct {
	mu    sync.Mutex
	names lazy[[]string]
	infos map[string]*lazy[*DriverInfo]
}

// DriverNames is GET /api/admin/driver/names, sorted (the servers answer in
// Go map order, a new one each call), asked once per session.
func (s *Session) DriverNames(ctx context.Context) ([]string, error) {
	names, err := s.drivers.names.get(ctx, func(ctx context.Context) ([]string, error) {
		var names []string
		if err := s.adminGet(ctx, "admin/driver/names", "/api/admin/driver/names", nil, &names); err != nil {
			return nil, err
		}
		slices.Sort(names)
		return names, nil
	})
	return slices.Clone(names), err
}

// Driver is GET /api/admin/driver/info, asked once per driver and session.
// An unknown driver is ErrNotFound. Callers must not change the answer.
func (s *Session) Driver(ctx context.Context, name string) (*DriverInfo, error) {
	s.drivers.mu.Lock()
	if s.drivers.infos == nil {
		s.drivers.infos = map[string]*lazy[*DriverInfo]{}
	}
	l := s.drivers.infos[name]
	if l == nil {
		l = &lazy[*DriverInfo]{}
		s.drivers.infos[name] = l
	}
	s.drivers.mu.Unlock()
	return l.get(ctx, func(ctx context.Context) (*DriverInfo, error) {
		var d DriverInfo
		err := s.adminGet(ctx, "admin/driver/info", "/api/admin/driver/info", url.Values{"driver": {name}}, &d)
		if err != nil {
			return nil, err
		}
		return &d, nil
	})
}
