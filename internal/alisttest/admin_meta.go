package alisttest

// The meta admin API: /api/admin/meta/* (ADMIN.md section 4).

func (s *Server) metaRoutes(rt map[string]route) {}
