# A password on a folder and its sub-folders, drafts hidden, a readme.
resource "alist_meta" "private" {
  path         = "/media/private"
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

# Anyone may upload into /media/inbox.
resource "alist_meta" "inbox" {
  path  = "/media/inbox"
  write = true
}
