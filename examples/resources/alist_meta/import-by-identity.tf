import {
  to = alist_meta.private
  identity = {
    path = "${var.root}/private" # e.g. "/media/private"
  }
}
