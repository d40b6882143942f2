package alisttest

import (
	"net/http"
	"strconv"
)

// The account and settings admin API: /api/admin/user/*, /api/admin/role/*
// (v3.62) and /api/admin/setting/*.

func (s *Server) accountRoutes(rt map[string]route) {
	admin := func(methods []string, h func(*reqCtx) (any, error)) route {
		return route{methods: methods, auth: true, admin: true, h: h}
	}
	for p, r := range map[string]route{
		"/api/admin/user/list":           admin(get, handleUserList),
		"/api/admin/user/get":            admin(get, handleUserGet),
		"/api/admin/user/create":         admin(post, handleUserCreate),
		"/api/admin/user/update":         admin(post, handleUserUpdate),
		"/api/admin/user/delete":         admin(post, handleUserDelete),
		"/api/admin/user/cancel_2fa":     admin(post, handleUserCancel2FA),
		"/api/admin/user/del_cache":      admin(post, handleUserDelCache),
		"/api/admin/setting/get":         admin(get, handleSettingGet),
		"/api/admin/setting/list":        admin(get, handleSettingList),
		"/api/admin/setting/save":        admin(post, handleSettingSave),
		"/api/admin/setting/delete":      admin(post, handleSettingDelete),
		"/api/admin/setting/reset_token": admin(post, handleSettingResetToken),
	} {
		rt[p] = r
	}
	switch s.flavor {
	case AListV362:
		rt["/api/admin/setting/set_token"] = admin(post, handleSettingSetToken)
		rt["/api/admin/role/list"] = admin(get, handleRoleList)
		rt["/api/admin/role/get"] = admin(get, handleRoleGet)
		rt["/api/admin/role/create"] = admin(post, handleRoleCreate)
		rt["/api/admin/role/update"] = admin(post, handleRoleUpdate)
		rt["/api/admin/role/delete"] = admin(post, handleRoleDelete)
	case OpenListV4:
		rt["/api/admin/setting/default"] = admin(post, handleSettingDefault)
	}
}

// queryInt is the ?name= parameter the id routes take, even on POST; a
// missing or bad one fails like the real strconv.Atoi.
func queryInt(r *http.Request, name string) (int, error) {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil {
		return 0, fail(400, err)
	}
	return n, nil
}

// pageOf is the part of n rows a page/per_page query asks for (per_page
// < 1: all of them), as the admin lists answer {content, total}.
func pageOf(r *http.Request, n int) (start, end int) {
	q := r.URL.Query()
	pg, _ := strconv.Atoi(q.Get("page"))
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per < 1 {
		if pg > 1 {
			return n, n
		}
		return 0, n
	}
	start = min(max(pg-1, 0)*per, n)
	return start, min(start+per, n)
}
