package alisttest

import (
	"encoding/json"
	"strconv"
	"strings"
)

// /api/admin/setting/* (transcripts admin-setting-*.out). The store is setting.go.

func handleSettingGet(c *reqCtx) (any, error) {
	q := c.r.URL.Query()
	if key := q.Get("key"); key != "" {
		items, err := c.s.settings.get(key)
		if err != nil {
			return nil, err
		}
		return c.s.shownSettings(items)[0], nil
	}
	items, err := c.s.settings.get(strings.Split(q.Get("keys"), ",")...)
	if err != nil {
		return nil, err
	}
	return c.s.shownSettings(items), nil
}

// handleSettingList lists every row, or those of ?group=N / ?groups=1,2.
func handleSettingList(c *reqCtx) (any, error) {
	groups, err := settingGroups(c)
	if err != nil {
		return nil, err
	}
	return c.s.shownSettings(c.s.settings.list(groups)), nil
}

// settingGroups parses ?groups= or ?group= (nil when neither is given).
func settingGroups(c *reqCtx) ([]int, error) {
	q := c.r.URL.Query()
	list := q.Get("groups")
	if list == "" {
		list = q.Get("group")
	}
	if list == "" {
		return nil, nil
	}
	var groups []int
	for _, g := range strings.Split(list, ",") {
		n, err := strconv.Atoi(g)
		if err != nil {
			return nil, fail(400, err)
		}
		groups = append(groups, n)
	}
	return groups, nil
}

// shownSettings are rows as the admin API shows them: v3.62's
// default_role by name, its options the roles a user may default to.
func (s *Server) shownSettings(items []settingItem) []settingItem {
	if s.flavor != AListV362 {
		return items
	}
	a := &s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := range items {
		if items[i].Key != "default_role" {
			continue
		}
		if id, err := strconv.Atoi(items[i].Value); err == nil {
			if r := a.roleByIDLocked(id); r != nil {
				items[i].Value = r.name
			}
		}
		var names []string
		for _, r := range a.roles {
			if !r.builtin() {
				names = append(names, r.name)
			}
		}
		items[i].Options = strings.Join(names, ",")
	}
	return items
}

// handleSettingSave upserts the rows of a JSON array (see settingStore.save).
func handleSettingSave(c *reqCtx) (any, error) {
	var items []settingItem
	if err := json.NewDecoder(c.r.Body).Decode(&items); err != nil {
		// The real message names the real type.
		return nil, &apiError{400, strings.ReplaceAll(err.Error(), "alisttest.settingItem", "model.SettingItem")}
	}
	for i, it := range items {
		if it.Key == "" {
			return nil, failf(400, "[%d]: Key: 'SettingItem.Key' Error:Field validation for 'Key' failed on the 'required' tag", i)
		}
		if it.Key == "default_role" && c.s.flavor == AListV362 {
			id, err := c.s.defaultRoleByName(it.Value)
			if err != nil {
				return nil, err
			}
			items[i].Value = strconv.Itoa(id)
		}
	}
	err := c.s.settings.save(c.s.flavor, items)
	c.s.auth.setAdminToken(c.s.settings.value("token"))
	c.s.pumpCopies() // copy_task_threads_num applies at once
	if err != nil {
		return nil, fail(500, err)
	}
	return nil, nil
}

// defaultRoleByName maps v3.62's default_role from the name a client saves
// to the id stored (AList v3.62 server/handles/setting.go:63-133).
func (s *Server) defaultRoleByName(name string) (int, error) {
	a := &s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	r := a.roleByNameLocked(name)
	switch {
	case r == nil:
		return 0, errRoleNotFound400
	case r.builtin():
		return 0, &apiError{400, "cannot set admin or guest as default role"}
	}
	return r.id, nil
}

var errRoleNotFound400 = &apiError{400, "failed get role: record not found"}

func handleSettingDelete(c *reqCtx) (any, error) {
	return nil, c.s.settings.delete(c.r.URL.Query().Get("key"))
}

// handleSettingResetToken makes a new admin token; the old one stops working.
func handleSettingResetToken(c *reqCtx) (any, error) {
	return c.s.setToken(c.s.flavor.tokenPrefix() + uuidString() + randomString(48)), nil
}

// handleSettingSetToken (v3.62) sets the admin token to {token}. An empty
// one is refused (inferred: what the real one does was not recorded).
func handleSettingSetToken(c *reqCtx) (any, error) {
	var req struct {
		Token string `json:"token"`
	}
	if err := bind(c.r, &req); err != nil {
		return nil, err
	}
	if req.Token == "" {
		return nil, &apiError{400, "token is required"}
	}
	return c.s.setToken(req.Token), nil
}

// setToken saves the token row as reset_token does (its type, group and
// flag restored) and makes it the admin token. Signs keep the token the
// server started with (sign.go); on the real servers they change with it.
func (s *Server) setToken(token string) string {
	_ = s.settings.save(s.flavor, []settingItem{{Key: "token", Value: token, Type: "string", Group: groupSingle, Flag: flagPrivate}})
	s.auth.setAdminToken(token)
	return token
}

// handleSettingDefault (OpenList) answers the built-in rows with their
// default values, of ?group= / ?groups= if given, without saving them; the
// token is a new random one.
func handleSettingDefault(c *reqCtx) (any, error) {
	groups, err := settingGroups(c)
	if err != nil {
		return nil, err
	}
	token := c.s.flavor.tokenPrefix() + uuidString() + randomString(48)
	out := []settingItem{}
	for _, it := range initialSettings(c.s.flavor, c.s.flavor.Version(), token) {
		if groups == nil || containsInt(groups, it.Group) {
			out = append(out, *it)
		}
	}
	return out, nil
}

// setAdminToken makes token the permanent admin token.
func (a *authState) setAdminToken(token string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if token != "" {
		a.adminToken = token
	}
}
