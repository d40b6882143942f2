package alisttest

import (
	"sort"
	"strconv"
)

// The built-in settings per flavour, parsed from InitialSettings
// (internal/bootstrap/data/setting.go) of each release's source and checked
// against the setting transcripts. A fresh server holds
// exactly these rows (no --dev test_* rows: the transcripts' public
// settings count 33/46/47 built-in keys, which leaves them out).

// Setting groups and flags, as the servers number them.
const (
	groupSingle          = 0
	groupSite            = 1
	groupOfflineDownload = 5

	flagPublic     = 0
	flagPrivate    = 1
	flagReadonly   = 2
	flagDeprecated = 3
)

// builtinSetting is one built-in setting. The default is OpenList's; settingOverrides has the AList ones. lines are the row's
// line in InitialSettings of v3.38, v3.62 and OpenList (0: absent there):
// their order is the rows' order, and a row's index is its position, as
// the real initSettings numbers them (the transcripts' SITE group reads
// 0..11 on v3.62).
type builtinSetting struct {
	key, typ    string
	group, flag int
	def         string
	lines       [3]int
}

var builtinSettings = []builtinSetting{
	{"token", "string", 0, 1, "", [3]int{150, 177, 192}},
	{"index_progress", "text", 0, 1, "{}", [3]int{155, 182, 197}},
	{"version", "string", 1, 2, "", [3]int{84, 97, 106}},
	{"site_title", "string", 1, 0, "OpenList", [3]int{87, 100, 109}},
	{"announcement", "text", 1, 0, "", [3]int{88, 101, 110}},
	{"pagination_type", "select", 1, 0, "all", [3]int{89, 102, 111}},
	{"default_page_size", "number", 1, 0, "30", [3]int{90, 103, 112}},
	{"allow_indexed", "bool", 1, 0, "false", [3]int{91, 104, 113}},
	{"allow_mounted", "bool", 1, 0, "true", [3]int{92, 105, 114}},
	{"robots_txt", "text", 1, 0, "User-agent: *\nAllow: /", [3]int{93, 106, 115}},
	{"allow_register", "bool", 1, 0, "false", [3]int{0, 107, 0}},
	{"default_role", "select", 1, 0, "", [3]int{0, 108, 0}},
	{"use_newui", "bool", 1, 0, "false", [3]int{0, 110, 0}},
	{"frontend_remember_sort", "bool", 1, 0, "false", [3]int{0, 111, 0}},
	{"logo", "text", 2, 0, "https://res.oplist.org/logo/logo.svg", [3]int{95, 113, 117}},
	{"favicon", "string", 2, 0, "https://res.oplist.org/logo/logo.svg", [3]int{96, 114, 118}},
	{"main_color", "string", 2, 0, "#1890ff", [3]int{97, 115, 119}},
	{"home_icon", "string", 2, 0, "🏠", [3]int{98, 116, 120}},
	{"home_container", "select", 2, 0, "max_980px", [3]int{99, 117, 122}},
	{"settings_layout", "select", 2, 0, "list", [3]int{100, 118, 123}},
	{"share_icon", "string", 2, 0, "🎁", [3]int{0, 0, 121}},
	{"hide_storage_details", "bool", 2, 1, "true", [3]int{0, 0, 124}},
	{"hide_storage_details_in_manage_page", "bool", 2, 1, "true", [3]int{0, 0, 125}},
	{"show_disk_usage_in_plain_text", "bool", 2, 0, "false", [3]int{0, 0, 126}},
	{"text_types", "text", 3, 1, "txt,htm,html,xml,java,properties,sql,js,md,json,conf,ini,vue,php,py,bat,gitignore,yml,go,sh,c,cpp,h,hpp,tsx,vtt,srt,ass,rs,lrc,strm", [3]int{102, 120, 128}},
	{"audio_types", "text", 3, 1, "mp3,flac,ogg,m4a,wav,opus,wma", [3]int{103, 121, 129}},
	{"video_types", "text", 3, 1, "mp4,mkv,avi,mov,rmvb,webm,flv,m3u8", [3]int{104, 122, 130}},
	{"image_types", "text", 3, 1, "jpg,tiff,jpeg,png,gif,bmp,svg,ico,swf,webp,avif", [3]int{105, 123, 131}},
	{"proxy_types", "text", 3, 1, "m3u8,url", [3]int{107, 125, 133}},
	{"proxy_ignore_headers", "text", 3, 1, "authorization,referer", [3]int{108, 126, 134}},
	{"external_previews", "text", 3, 0, "{}", [3]int{109, 127, 135}},
	{"iframe_previews", "text", 3, 0, "{\n\t\"doc,docx,xls,xlsx,ppt,pptx\": {\n\t\t\"Microsoft\":\"https://view.officeapps.live.com/op/view.aspx?src=$e_url\",\n\t\t\"Google\":\"https://docs.google.com/gview?url=$e_url&embedded=true\"\n\t},\n\t\"pdf\": {\n\t\t\"PDF.js\":\"https://res.oplist.org/pdf.js/web/viewer.html?file=$e_url\"\n\t},\n\t\"epub\": {\n\t\t\"EPUB.js\":\"https://res.oplist.org/epub.js/viewer.html?url=$e_url\"\n\t}\n}", [3]int{110, 128, 136}},
	{"audio_cover", "string", 3, 0, "https://res.oplist.org/logo/logo.svg", [3]int{129, 148, 155}},
	{"audio_autoplay", "bool", 3, 0, "true", [3]int{130, 149, 156}},
	{"video_autoplay", "bool", 3, 0, "true", [3]int{131, 150, 157}},
	{"preview_settings", "text", 3, 0, "{}", [3]int{0, 140, 0}},
	{"thumbnail_size", "number", 3, 0, "144", [3]int{0, 151, 0}},
	{"preview_archives_by_default", "bool", 3, 0, "true", [3]int{0, 152, 159}},
	{"readme_autorender", "bool", 3, 0, "true", [3]int{0, 153, 162}},
	{"filter_readme_scripts", "bool", 3, 0, "true", [3]int{0, 154, 163}},
	{"preview_download_by_default", "bool", 3, 0, "false", [3]int{0, 0, 158}},
	{"share_preview_download_by_default", "bool", 3, 0, "true", [3]int{0, 0, 160}},
	{"share_preview_archives_by_default", "bool", 3, 0, "false", [3]int{0, 0, 161}},
	{"non_efs_zip_encoding", "string", 3, 0, "IBM437", [3]int{0, 0, 164}},
	{"hide_files", "text", 4, 0, "/\\/README.md/i", [3]int{133, 156, 166}},
	{"package_download", "bool", 4, 0, "true", [3]int{134, 157, 167}},
	{"customize_head", "text", 4, 1, "<script src=\"https://cdnjs.cloudflare.com/polyfill/v3/polyfill.min.js?features=String.prototype.replaceAll\"></script>", [3]int{135, 158, 168}},
	{"customize_body", "text", 4, 1, "", [3]int{136, 159, 169}},
	{"link_expiration", "number", 4, 1, "0", [3]int{137, 160, 170}},
	{"sign_all", "bool", 4, 1, "true", [3]int{138, 161, 171}},
	{"privacy_regs", "text", 4, 1, "(?:(?:\\d|[1-9]\\d|1\\d\\d|2[0-4]\\d|25[0-5])\\.){3}(?:\\d|[1-9]\\d|1\\d\\d|2[0-4]\\d|25[0-5])\n([[:xdigit:]]{1,4}(?::[[:xdigit:]]{1,4}){7}|::|:(?::[[:xdigit:]]{1,4}){1,6}|[[:xdigit:]]{1,4}:(?::[[:xdigit:]]{1,4}){1,5}|(?:[[:xdigit:]]{1,4}:){2}(?::[[:xdigit:]]{1,4}){1,4}|(?:[[:xdigit:]]{1,4}:){3}(?::[[:xdigit:]]{1,4}){1,3}|(?:[[:xdigit:]]{1,4}:){4}(?::[[:xdigit:]]{1,4}){1,2}|(?:[[:xdigit:]]{1,4}:){5}:[[:xdigit:]]{1,4}|(?:[[:xdigit:]]{1,4}:){1,6}:)\n(?U)access_token=(.*)&", [3]int{139, 162, 172}},
	{"ocr_api", "string", 4, 0, "https://openlistteam-ocr-api-server.hf.space/ocr/file/json", [3]int{143, 166, 178}},
	{"filename_char_mapping", "text", 4, 0, "{\"/\": \"|\"}", [3]int{144, 167, 179}},
	{"forward_direct_link_params", "bool", 4, 0, "false", [3]int{145, 168, 180}},
	{"ignore_direct_link_params", "string", 4, 0, "sign,openlist_ts,raw", [3]int{146, 169, 181}},
	{"webauthn_login_enabled", "bool", 4, 0, "false", [3]int{147, 170, 182}},
	{"max_devices", "number", 4, 0, "0", [3]int{0, 171, 0}},
	{"device_evict_policy", "select", 4, 0, "deny", [3]int{0, 172, 0}},
	{"device_session_ttl", "number", 4, 0, "86400", [3]int{0, 173, 0}},
	{"meta_not_found_cache_expire", "number", 4, 1, "60", [3]int{0, 174, 0}},
	{"share_preview", "bool", 4, 0, "false", [3]int{0, 0, 183}},
	{"share_archive_preview", "bool", 4, 0, "false", [3]int{0, 0, 184}},
	{"share_force_proxy", "bool", 4, 1, "true", [3]int{0, 0, 185}},
	{"share_summary_content", "text", 4, 0, "@{{creator}} shared {{#each files}}{{#if @first}}\"{{filename this}}\"{{/if}}{{#if @last}}{{#unless (eq @index 0)}} and {{@index}} more files{{/unless}}{{/if}}{{/each}} from {{site_title}}: {{base_url}}/@s/{{id}}{{#if pwd}} , the share code is {{pwd}}{{/if}}{{#if expires}}, please access before {{dateLocaleString expires}}.{{/if}}", [3]int{0, 0, 186}},
	{"handle_hook_after_writing", "bool", 4, 1, "false", [3]int{0, 0, 187}},
	{"handle_hook_rate_limit", "number", 4, 1, "0", [3]int{0, 0, 188}},
	{"ignore_system_files", "bool", 4, 1, "false", [3]int{0, 0, 189}},
	{"search_index", "select", 6, 0, "none", [3]int{151, 178, 193}},
	{"auto_update_index", "bool", 6, 0, "false", [3]int{152, 179, 194}},
	{"ignore_paths", "text", 6, 1, "", [3]int{153, 180, 195}},
	{"max_index_depth", "number", 6, 1, "20", [3]int{154, 181, 196}},
	{"sso_login_enabled", "bool", 7, 0, "false", [3]int{158, 185, 200}},
	{"sso_login_platform", "select", 7, 0, "", [3]int{159, 186, 201}},
	{"sso_client_id", "string", 7, 1, "", [3]int{160, 187, 202}},
	{"sso_client_secret", "string", 7, 1, "", [3]int{161, 188, 203}},
	{"sso_oidc_username_key", "string", 7, 1, "name", [3]int{162, 189, 204}},
	{"sso_organization_name", "string", 7, 1, "", [3]int{163, 190, 205}},
	{"sso_application_name", "string", 7, 1, "", [3]int{164, 191, 206}},
	{"sso_endpoint_name", "string", 7, 1, "", [3]int{165, 192, 207}},
	{"sso_jwt_public_key", "string", 7, 1, "", [3]int{166, 193, 208}},
	{"sso_auto_register", "bool", 7, 1, "false", [3]int{167, 195, 210}},
	{"sso_default_dir", "string", 7, 1, "/", [3]int{168, 196, 211}},
	{"sso_default_permission", "number", 7, 1, "0", [3]int{169, 197, 212}},
	{"sso_compatibility_mode", "bool", 7, 0, "false", [3]int{170, 198, 213}},
	{"sso_extra_scopes", "string", 7, 1, "", [3]int{0, 194, 209}},
	{"ldap_login_enabled", "bool", 8, 0, "false", [3]int{173, 201, 216}},
	{"ldap_server", "string", 8, 1, "", [3]int{174, 202, 217}},
	{"ldap_manager_dn", "string", 8, 1, "", [3]int{175, 203, 219}},
	{"ldap_manager_password", "string", 8, 1, "", [3]int{176, 204, 220}},
	{"ldap_user_search_base", "string", 8, 1, "", [3]int{177, 205, 221}},
	{"ldap_user_search_filter", "string", 8, 1, "(uid=%s)", [3]int{178, 206, 222}},
	{"ldap_default_dir", "string", 8, 1, "/", [3]int{179, 207, 223}},
	{"ldap_default_permission", "number", 8, 1, "0", [3]int{180, 208, 224}},
	{"ldap_login_tips", "string", 8, 0, "login with ldap", [3]int{181, 209, 225}},
	{"ldap_skip_tls_verify", "bool", 8, 1, "false", [3]int{0, 0, 218}},
	{"s3_access_key_id", "string", 9, 1, "", [3]int{184, 212, 228}},
	{"s3_secret_access_key", "string", 9, 1, "", [3]int{185, 213, 229}},
	{"s3_buckets", "string", 9, 1, "[]", [3]int{186, 214, 230}},
	{"ftp_public_host", "string", 10, 1, "127.0.0.1", [3]int{0, 217, 233}},
	{"ftp_pasv_port_map", "text", 10, 1, "", [3]int{0, 218, 234}},
	{"ftp_proxy_user_agent", "string", 10, 1, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88 Safari/537.36", [3]int{0, 219, 0}},
	{"ftp_mandatory_tls", "bool", 10, 1, "false", [3]int{0, 221, 235}},
	{"ftp_implicit_tls", "bool", 10, 1, "false", [3]int{0, 222, 236}},
	{"ftp_tls_private_key_path", "string", 10, 1, "", [3]int{0, 223, 237}},
	{"ftp_tls_public_cert_path", "string", 10, 1, "", [3]int{0, 224, 238}},
	{"sftp_disable_password_login", "bool", 10, 1, "false", [3]int{0, 0, 239}},
	{"offline_download_task_threads_num", "number", 11, 1, "5", [3]int{0, 242, 242}},
	{"offline_download_transfer_task_threads_num", "number", 11, 1, "5", [3]int{0, 243, 243}},
	{"upload_task_threads_num", "number", 11, 1, "5", [3]int{0, 244, 244}},
	{"copy_task_threads_num", "number", 11, 1, "5", [3]int{0, 245, 245}},
	{"decompress_download_task_threads_num", "number", 11, 1, "5", [3]int{0, 246, 246}},
	{"decompress_upload_task_threads_num", "number", 11, 1, "5", [3]int{0, 247, 247}},
	{"max_client_download_speed", "number", 11, 1, "-1", [3]int{0, 248, 248}},
	{"max_client_upload_speed", "number", 11, 1, "-1", [3]int{0, 249, 249}},
	{"max_server_download_speed", "number", 11, 1, "-1", [3]int{0, 250, 250}},
	{"max_server_upload_speed", "number", 11, 1, "-1", [3]int{0, 251, 251}},
	{"multipart_enabled", "bool", 11, 0, "true", [3]int{0, 0, 252}},
	{"multipart_chunk_size", "number", 11, 0, "10", [3]int{0, 0, 253}},
	{"frp_enabled", "bool", 12, 1, "false", [3]int{0, 227, 0}},
	{"frp_server_addr", "string", 12, 1, "", [3]int{0, 228, 0}},
	{"frp_server_port", "number", 12, 1, "7000", [3]int{0, 229, 0}},
	{"frp_auth_token", "string", 12, 1, "", [3]int{0, 230, 0}},
	{"frp_proxy_name", "string", 12, 1, "alist", [3]int{0, 231, 0}},
	{"frp_proxy_type", "select", 12, 1, "http", [3]int{0, 232, 0}},
	{"frp_custom_domain", "string", 12, 1, "", [3]int{0, 233, 0}},
	{"frp_subdomain", "string", 12, 1, "", [3]int{0, 234, 0}},
	{"frp_remote_port", "number", 12, 1, "0", [3]int{0, 235, 0}},
	{"frp_local_port", "number", 12, 1, "5244", [3]int{0, 236, 0}},
	{"frp_tls_enable", "bool", 12, 1, "false", [3]int{0, 237, 0}},
	{"frp_stcp_secret_key", "string", 12, 1, "", [3]int{0, 238, 0}},
	{"frp_status", "string", 12, 2, "stopped", [3]int{0, 239, 0}},
}

// toolSettings are the offline download tools' rows, added after the
// list (tool.Tools.Items()), the same in every flavour but OpenList's 123_temp_dir.
var toolSettings = []builtinSetting{
	{key: "aria2_uri", typ: "string", def: "http://localhost:6800/jsonrpc"},
	{key: "aria2_secret", typ: "string"},
	{key: "qbittorrent_url", typ: "string", def: "http://admin:adminadmin@localhost:8080/"},
	{key: "qbittorrent_seedtime", typ: "number", def: "0"},
	{key: "transmission_uri", typ: "string", def: "http://localhost:9091/transmission/rpc"},
	{key: "transmission_seedtime", typ: "number", def: "0"},
}

// settingOptions are the choices of the select rows (those the test server
// knows; v3.62's default_role lists the roles when read).
var settingOptions = map[string]string{
	"pagination_type":     "all,pagination,load_more,auto_load_more",
	"home_container":      "max_980px,hope_container",
	"settings_layout":     "list,responsive",
	"search_index":        "database,database_non_full_text,bleve,meilisearch,none",
	"sso_login_platform":  "Casdoor,Github,Microsoft,Google,Dingtalk,OIDC",
	"device_evict_policy": "deny,evict_oldest",
	"frp_proxy_type":      "http,https,tcp,stcp",
}

// settingHelp are the help texts the transcripts show; the others are "".
var settingHelp = map[string]string{
	"frontend_remember_sort": "Persist frontend list sorting in the browser. When disabled, backend/driver order is used until the user sorts manually in the current session.",
}

const alistLogo = "https://cdn.jsdelivr.net/gh/alist-org/logo@main/logo.svg"

// settingOverrides are the AList defaults where they differ from
// OpenList's (the transcripts show site_title, announcement and v3.62's
// default_page_size; the logos, OCR API and link params are AList's
// published defaults).
func (f Flavor) settingOverrides() map[string]string {
	if f.openList() {
		return map[string]string{
			"announcement": "Welcome to the OpenList project!\nFor the latest updates, to contribute code, or to submit suggestions and issues, please visit our [project repository](https://github.com/OpenListTeam/OpenList).",
		}
	}
	m := map[string]string{
		"site_title":                "AList",
		"announcement":              "### repo\nhttps://github.com/alist-org/alist",
		"logo":                      alistLogo,
		"favicon":                   alistLogo,
		"audio_cover":               alistLogo,
		"ocr_api":                   "https://api.nn.ci/ocr/file/json",
		"ignore_direct_link_params": "sign,alist_ts",
	}
	if f == AListV362 {
		m["default_page_size"] = "50"
	}
	return m
}

// initialSettings are a fresh server's rows, in order. token is the admin
// token, version what /api/public/settings reports, and v3.62's
// default_role holds the guest role's id (shown as its name when read).
func initialSettings(f Flavor, version, token string) []*settingItem {
	col := map[Flavor]int{AListV338: 0, AListV362: 1, OpenListV4: 2}[f]
	var rows []builtinSetting
	for _, b := range builtinSettings {
		if b.lines[col] != 0 {
			rows = append(rows, b)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].lines[col] < rows[j].lines[col] })
	for _, t := range toolSettings {
		t.group, t.flag = groupOfflineDownload, flagPrivate
		rows = append(rows, t)
	}
	if f.openList() {
		rows = append(rows, builtinSetting{key: "123_temp_dir", typ: "string", group: groupOfflineDownload, flag: flagPrivate})
	}
	values := f.settingOverrides()
	values["token"], values["version"] = token, version
	values["default_role"] = strconv.Itoa(roleIDGuest)
	items := make([]*settingItem, len(rows))
	for i, b := range rows {
		v, ok := values[b.key]
		if !ok {
			v = b.def
		}
		items[i] = &settingItem{Key: b.key, Value: v, Help: settingHelp[b.key], Type: b.typ,
			Options: settingOptions[b.key], Group: b.group, Flag: b.flag, Index: i}
	}
	return items
}
