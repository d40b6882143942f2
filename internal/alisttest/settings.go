package alisttest

// handlePublicSettings answers /api/public/settings: the settings the web
// UI reads before login, "version" telling which server this is. All
// values are strings, as on the real servers.
func handlePublicSettings(c *reqCtx) (any, error) {
	f := c.s.flavor
	version := f.Version()
	if c.s.opts.Version != "" {
		version = c.s.opts.Version
	}
	return object{
		{"version", version},
		{"site_title", f.siteTitle()},
		{"announcement", ""},
		{"allow_indexed", "false"},
		{"allow_mounted", "true"},
		{"pagination_type", "all"},
		{"default_page_size", "30"},
		{"hide_files", "/\\/README.md/i"},
		{"home_icon", "🏠"},
		{"main_color", "#1890ff"},
		{"package_download", "true"},
		{"robots_txt", "User-agent: *\nAllow: /"},
		{"search_index", "none"},
		{"settings_layout", "list"},
		{"sso_login_enabled", "false"},
		{"ldap_login_enabled", "false"},
	}, nil
}
