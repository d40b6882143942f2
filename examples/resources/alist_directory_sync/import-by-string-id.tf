import {
  to = alist_directory_sync.site
  id = "${var.root}/site" # e.g. "/local/site"
}
