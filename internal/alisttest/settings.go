package alisttest

// handlePublicSettings answers /api/public/settings without auth: the
// PUBLIC and READONLY settings by key (version tells which server this
// is), all values strings, as on the real servers. A row saved bare
// becomes PUBLIC and shows here, secrets included, until a restart.
func handlePublicSettings(c *reqCtx) (any, error) {
	return c.s.settings.public(), nil
}
