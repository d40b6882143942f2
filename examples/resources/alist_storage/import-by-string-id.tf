import {
  to = alist_storage.media
  id = "${var.mount_root}/media" # e.g. "/media"
}
