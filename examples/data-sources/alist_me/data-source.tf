data "alist_me" "current" {}

# Fail the plan early when the account may not upload.
check "can_upload" {
  assert {
    condition     = contains(data.alist_me.current.permission_names, "upload") || data.alist_me.current.role == "admin"
    error_message = "The AList account ${data.alist_me.current.username} may not upload files."
  }
}
