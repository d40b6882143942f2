# The account's share links of /media and below, with their settings (a
# share's password is never listed: set password_wo from a variable).
# AList v3.62 and OpenList; AList v3.38 has no share links.
list "alist_share" "media" {
  provider         = alist
  include_resource = true

  config {
    path_prefix = "/media"
  }
}
