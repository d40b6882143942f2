import {
  to = alist_directory_sync.site
  identity = {
    path = "${var.root}/site" # e.g. "/local/site"
  }
}
