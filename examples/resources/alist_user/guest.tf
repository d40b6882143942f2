# Anonymous visitors see /local/public, read-only: the built-in guest
# account, taken over by an import block and enabled.
import {
  to = alist_user.guest
  id = "guest"
}

resource "alist_user" "guest" {
  username  = "guest"
  disabled  = false
  base_path = "${var.root}/public"
}
