# AList v3.62's own roles, without the built-in admin, guest and general.
list "alist_role" "custom" {
  provider         = alist
  include_resource = true

  config {}
}

# The roles whose name starts with "team-", built-in or not.
list "alist_role" "teams" {
  provider = alist

  config {
    name_prefix     = "team-"
    include_builtin = true
  }
}
