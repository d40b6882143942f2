import {
  to = alist_meta.private
  id = "${var.root}/private" # e.g. "/media/private"
}
