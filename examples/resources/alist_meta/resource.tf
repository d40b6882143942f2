variable "root" {
  description = "The folder whose sub-folders get metas (it need not exist)."
  type        = string
  default     = "/media"
}

# A password on a folder and its sub-folders, drafts hidden, a readme.
resource "alist_meta" "private" {
  path         = "${var.root}/private"
  password     = var.private_password
  password_sub = true
  hide         = ["^draft-", "\\.tmp$"]
  hide_sub     = true
  readme       = "Ask the team for the password."
}

variable "private_password" {
  type      = string
  sensitive = true
}

# Anyone may upload into /media/inbox, even accounts without the write
# permission.
resource "alist_meta" "inbox" {
  path  = "${var.root}/inbox"
  write = true
}
