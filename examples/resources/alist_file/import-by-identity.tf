import {
  to = alist_file.config
  identity = {
    path = "${var.root}/app/config.yaml" # e.g. "/local/app/config.yaml"
  }
}
