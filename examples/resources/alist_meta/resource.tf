variable "root" {
  description = "The folder whose sub-folders get metas (it need not exist)."
  type        = string
  default     = "/media"
}

# A password on a folder and its sub-folders, drafts hidden, a readme.
# With password_wo the password never lands in the plan or the state
# (Terraform or OpenTofu 1.11 or later); bump password_wo_version to send
# a new one. A password changed in the web UI shows in the plan.
resource "alist_meta" "private" {
  path                = "${var.root}/private"
  password_wo         = var.private_password
  password_wo_version = 1
  password_sub        = true
  hide                = ["^draft-", "\\.tmp$"]
  hide_sub            = true
  readme              = "Ask the team for the password."
}

variable "private_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

# Anyone may upload into /media/inbox, even accounts without the write
# permission.
resource "alist_meta" "inbox" {
  path  = "${var.root}/inbox"
  write = true
}
