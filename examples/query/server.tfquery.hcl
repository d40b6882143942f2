# Everything a server has, for Terraform >= 1.14:
#
#   terraform query -generate-config-out=server.tf
#
# writes an import block (by identity) and a resource block for each object
# found. Review server.tf: secrets are never listed (a storage's
# sensitive_addition, a meta's password, a secret setting's
# sensitive_value, an account's password): set them from variables before
# `terraform apply` imports everything.
#
# The provider block (or ALIST_URL, ALIST_USERNAME, ALIST_PASSWORD) says
# which server, with an admin account. Terraform stops a list at 100
# results unless `limit` says otherwise.

list "alist_storage" "all" {
  provider         = alist
  include_resource = true
  limit            = 1000

  config {}
}

list "alist_meta" "all" {
  provider         = alist
  include_resource = true
  limit            = 1000

  config {}
}

# Without the built-in admin and guest: import them by hand to manage them.
list "alist_user" "all" {
  provider         = alist
  include_resource = true
  limit            = 1000

  config {}
}

# Every setting the server lets Terraform manage (all of them, changed or
# not: the server does not tell which were changed).
list "alist_setting" "all" {
  provider         = alist
  include_resource = true
  limit            = 1000

  config {}
}

# AList v3.62 only (roles exist from v3.46): remove this block for AList
# v3.38 and OpenList, which answer that they have no roles.
list "alist_role" "all" {
  provider         = alist
  include_resource = true
  limit            = 1000

  config {}
}

# The account's share links (OpenList: an admin's holds every account's).
# AList v3.62 and OpenList only: remove this block for AList v3.38, which
# answers that it has no share links.
list "alist_share" "all" {
  provider         = alist
  include_resource = true
  limit            = 1000

  config {}
}
