# The metas of /media and its sub-folders, and which folders ask for a
# password (never shown: only has_password).
data "alist_metas" "media" {
  path_prefix = "/media"
}

output "protected_folders" {
  value = [for m in data.alist_metas.media.metas : m.path if m.has_password]
}
