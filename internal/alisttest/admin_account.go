package alisttest

// The account and settings admin API: /api/admin/user/*, /api/admin/role/*
// (v3.62) and /api/admin/setting/* (ADMIN.md sections 3 and 5).

func (s *Server) accountRoutes(rt map[string]route) {}
