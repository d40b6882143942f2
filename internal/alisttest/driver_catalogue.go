package alisttest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sync"
)

// The driver catalogue: the drivers the test server knows, with the
// parameter definitions /api/admin/driver/info answers. The data of the
// real drivers (Local, AList V3, WebDav, S3 and OpenList's OpenList) is
// driver_catalogue.json, copied per flavour from the driver/info answers of
// the transcripts admin-driver-*.out; nothing in it is invented. The real
// servers know 69 to 97 drivers, this one only these and its own "Cached".

//go:embed driver_catalogue.json
var driverCatalogueJSON []byte

// driverItem is one parameter definition (internal/driver/item.go).
type driverItem struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Default  string `json:"default"`
	Options  string `json:"options"`
	Required bool   `json:"required"`
	Help     string `json:"help"`
}

// driverConfig is a driver's Config. AList has only_local, OpenList
// only_indices and prefer_proxy: the pointers keep each flavour's keys (in
// the order the transcripts show) and leave out the other's.
type driverConfig struct {
	Name        string `json:"name"`
	LocalSort   bool   `json:"local_sort"`
	OnlyLocal   *bool  `json:"only_local,omitempty"`
	OnlyProxy   bool   `json:"only_proxy"`
	NoCache     bool   `json:"no_cache"`
	NoUpload    bool   `json:"no_upload"`
	NeedMs      bool   `json:"need_ms"`
	DefaultRoot string `json:"default_root"`
	Alert       string `json:"alert"`
	OnlyIndices *bool  `json:"only_indices,omitempty"`
	PreferProxy *bool  `json:"prefer_proxy,omitempty"`
}

// driverInfo is what driver/info answers for one driver.
type driverInfo struct {
	Common     []driverItem `json:"common"`
	Additional []driverItem `json:"additional"`
	Config     driverConfig `json:"config"`
}

// Names of the drivers with behaviour of their own (see driver_init.go).
const (
	DriverAListV3  = "AList V3"
	DriverOpenList = "OpenList" // OpenList's own driver, OpenList only
	DriverWebDav   = "WebDav"
	DriverS3       = "S3"
)

var (
	cataloguesOnce sync.Once
	catalogues     map[Flavor]map[string]*driverInfo
)

// catalogue is the flavour's drivers by name. The maps are built once and
// only read afterwards.
func (f Flavor) catalogue() map[string]*driverInfo {
	cataloguesOnce.Do(func() {
		var raw map[string]map[string]*driverInfo
		if err := json.Unmarshal(driverCatalogueJSON, &raw); err != nil {
			panic(fmt.Sprintf("alisttest: driver_catalogue.json: %v", err)) // embedded data: a build error
		}
		catalogues = map[Flavor]map[string]*driverInfo{}
		for _, fl := range []Flavor{AListV338, AListV362, OpenListV4} {
			drivers := raw[fl.String()]
			drivers[DriverCached] = cachedDriverInfo(drivers)
			catalogues[fl] = drivers
		}
	})
	return catalogues[f]
}

// cachedDriverInfo describes the test server's own "Cached" driver: the
// Local driver's fields on a folder on disk, but its listings are cached
// like a remote driver's (no_cache false), so its common fields gain the
// cache ones, as op's driver info adds them for drivers without no_cache
// (copied from the flavour's AList V3 entry, which has them).
func cachedDriverInfo(drivers map[string]*driverInfo) *driverInfo {
	local, remote := drivers[DriverLocal], drivers[DriverAListV3]
	info := &driverInfo{Additional: local.Additional, Config: local.Config}
	info.Config.Name, info.Config.NoCache = DriverCached, false
	for _, it := range local.Common {
		info.Common = append(info.Common, it)
		if it.Name == "remark" {
			info.Common = append(info.Common, cacheItems(remote.Common)...)
		}
	}
	return info
}

func cacheItems(common []driverItem) []driverItem {
	var out []driverItem
	for _, it := range common {
		if it.Name == "cache_expiration" || it.Name == "custom_cache_policies" {
			out = append(out, it)
		}
	}
	return out
}

// driverNamed is the catalogue entry of a driver; names are case-sensitive.
func (s *Server) driverNamed(name string) (*driverInfo, bool) {
	info, ok := s.flavor.catalogue()[name]
	return info, ok
}

// handleDriverNames answers GET /api/admin/driver/names: the names in a
// new order on every call, as the real servers range over a Go map
// (the driver transcripts show it).
func handleDriverNames(c *reqCtx) (any, error) {
	var names []string
	for name := range c.s.flavor.catalogue() {
		names = append(names, name)
	}
	rand.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	return names, nil
}

// handleDriverInfo answers GET /api/admin/driver/info?driver=X. A missing
// parameter is the empty name, not found like any other.
func handleDriverInfo(c *reqCtx) (any, error) {
	name := c.r.URL.Query().Get("driver")
	info, ok := c.s.driverNamed(name)
	if !ok {
		return nil, failf(404, "driver [%s] not found", name)
	}
	return info, nil
}

// handleDriverList answers GET /api/admin/driver/list: name -> info, keys
// sorted as json.Marshal writes a map.
func handleDriverList(c *reqCtx) (any, error) {
	return c.s.flavor.catalogue(), nil
}
