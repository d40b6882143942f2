data "alist_me" "current" {}

# Warn early when the account may not upload. A check block's failed
# assertion is a warning: the plan and the apply go on. To stop the plan
# instead, put the condition in a precondition of the resources concerned.
check "can_upload" {
  assert {
    condition     = contains(data.alist_me.current.permissions, "write") || data.alist_me.current.role == "admin"
    error_message = "The AList account ${data.alist_me.current.username} may not upload files (it lacks the write permission)."
  }
}
