import {
  to = alist_directory.releases
  identity = {
    path = "${var.root}/releases" # e.g. "/local/releases"
  }
}
