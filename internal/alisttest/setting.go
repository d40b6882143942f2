package alisttest

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The settings table. The server itself reads from it
// the token (the admin token, kept in step with authState), version and
// site_title (/api/public/settings) and v3.62's default_role (user
// create). The others, link_expiration and sign_all included, are only
// stored: links follow Options.LinkExpiration.

// settingItem is a row, in the real model.SettingItem's field order.
type settingItem struct {
	Key     string `json:"key"`
	Value   string `json:"value"`
	Help    string `json:"help"`
	Type    string `json:"type"`
	Options string `json:"options"`
	Group   int    `json:"group"`
	Flag    int    `json:"flag"`
	Index   int    `json:"index"`
}

type settingStore struct {
	mu    sync.Mutex
	items []*settingItem // in insertion order, as the table lists them
}

func (st *settingStore) init(f Flavor, o Options) {
	version := f.Version()
	if o.Version != "" {
		version = o.Version
	}
	st.items = initialSettings(f, version, o.AdminToken)
}

func (st *settingStore) findLocked(key string) *settingItem {
	for _, it := range st.items {
		if it.Key == key {
			return it
		}
	}
	return nil
}

// get returns copies of the rows of keys, in the order asked; a missing
// key fails the whole lookup like the real GetSettingItemInKeys.
func (st *settingStore) get(keys ...string) ([]settingItem, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]settingItem, 0, len(keys))
	for _, k := range keys {
		it := st.findLocked(k)
		if it == nil {
			return nil, errSettingNotFound
		}
		out = append(out, *it)
	}
	return out, nil
}

var errSettingNotFound = &apiError{400, "record not found"}

func (st *settingStore) value(key string) string {
	items, err := st.get(key)
	if err != nil {
		return ""
	}
	return items[0].Value
}

// setValue changes an existing row's value.
func (st *settingStore) setValue(key, value string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if it := st.findLocked(key); it != nil {
		it.Value = value
	}
}

// list returns every row, or those of groups ordered by index.
func (st *settingStore) list(groups []int) []settingItem {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := []settingItem{}
	for _, it := range st.items {
		if groups == nil || containsInt(groups, it.Group) {
			out = append(out, *it)
		}
	}
	if groups != nil {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Index < out[j].Index })
	}
	return out
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

// save upserts whole rows: a bare {key,value} resets the others (type,
// group, flag 0 = public, help, options, index) and an unknown key is created. Rows whose hook refuses the value are
// not saved; AList saves the others and returns the errors, OpenList saves
// nothing.
func (st *settingStore) save(f Flavor, items []settingItem) error {
	var errs []error
	ok := items[:0:0]
	for _, it := range items {
		if err := checkSettingHook(it); err != nil {
			if f.openList() {
				return openListHookError(err)
			}
			errs = append(errs, err)
			continue
		}
		ok = append(ok, it)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, it := range ok {
		if old := st.findLocked(it.Key); old != nil {
			*old = it
		} else {
			c := it
			st.items = append(st.items, &c)
		}
	}
	return errors.Join(errs...)
}

// openListHookError: OpenList's answer to a refused value carries the
// error with its stack trace (the trace here is a stand-in: the test
// server has no Go frames of OpenList to show).
func openListHookError(err error) error {
	return fmt.Errorf("%w\ngithub.com/OpenListTeam/OpenList/v4/internal/op.SaveSettingItems\n\t/src/internal/op/setting.go:160", err)
}

// checkSettingHook runs the validating hooks the test server imitates:
// privacy_regs lines must compile, filename_char_mapping must be a JSON
// object (the real hooks of internal/op/hook.go; the list-splitting ones
// accept anything).
func checkSettingHook(it settingItem) error {
	switch it.Key {
	case "privacy_regs":
		for _, line := range strings.Split(it.Value, "\n") {
			if _, err := regexp.Compile(line); err != nil {
				return err
			}
		}
	case "filename_char_mapping":
		var m map[string]string
		return json.Unmarshal([]byte(it.Value), &m)
	}
	return nil
}

// delete removes a deprecated row; the others are refused.
func (st *settingStore) delete(key string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	for i, it := range st.items {
		if it.Key != key {
			continue
		}
		if it.Flag != flagDeprecated {
			return failf(500, "setting [%s] is not deprecated", key)
		}
		st.items = append(st.items[:i], st.items[i+1:]...)
		return nil
	}
	return &apiError{500, "failed to get settingItem: record not found"}
}

// public is what /api/public/settings answers: the PUBLIC and READONLY
// values by key, in key order (the real answer is a Go map).
func (st *settingStore) public() object {
	st.mu.Lock()
	defer st.mu.Unlock()
	var o object
	for _, it := range st.items {
		if it.Flag == flagPublic || it.Flag == flagReadonly {
			o = append(o, field{it.Key, it.Value})
		}
	}
	sort.Slice(o, func(i, j int) bool { return o[i].k < o[j].k })
	return o
}

// defaultRoleID is v3.62's default_role as a role id (guest if unreadable).
func (st *settingStore) defaultRoleID() int {
	id, err := strconv.Atoi(st.value("default_role"))
	if err != nil {
		return roleIDGuest
	}
	return id
}

// Setting returns the value of a setting and whether it exists. On v3.62,
// default_role holds a role id, as stored.
func (s *Server) Setting(key string) (string, bool) {
	items, err := s.settings.get(key)
	if err != nil {
		return "", false
	}
	return items[0].Value, true
}
