# The accounts whose name starts with "ci-" (never a password).
list "alist_user" "ci" {
  provider         = alist
  include_resource = true

  config {
    username_prefix = "ci-"
  }
}

# Every account, the built-in admin and guest included.
list "alist_user" "all" {
  provider = alist

  config {
    include_builtin = true
  }
}
