# The metas of /media and of every folder below it, with their settings
# (a folder's password is left out: set it from a variable).
list "alist_meta" "media" {
  provider         = alist
  include_resource = true

  config {
    path_prefix = "/media"
  }
}
