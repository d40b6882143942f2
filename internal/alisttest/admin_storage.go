package alisttest

// The storage and driver admin API: /api/admin/storage/* and
// /api/admin/driver/* (ADMIN.md section 2).

func (s *Server) storageRoutes(rt map[string]route) {}
