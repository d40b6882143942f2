import {
  to = alist_directory.releases
  id = "${var.root}/releases" # e.g. "/local/releases"
}
