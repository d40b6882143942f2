import {
  to = alist_user.guest
  id = "guest"
}

# Anonymous visitors see /local/public, read-only.
resource "alist_user" "guest" {
  username  = "guest"
  disabled  = false
  base_path = "/local/public"
}
