import {
  to = alist_storage.media
  identity = {
    mount_path = "${var.mount_root}/media" # e.g. "/media"
  }
}
