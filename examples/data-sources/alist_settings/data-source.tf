# The site group's settings and their types: the keys alist_setting takes.
data "alist_settings" "site" {
  group = "site"
}

output "site_settings" {
  value = { for s in data.alist_settings.site.settings : s.key => s.value if !s.sensitive }
}
