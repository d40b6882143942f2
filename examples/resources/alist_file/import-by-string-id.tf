import {
  to = alist_file.config
  id = "${var.root}/app/config.yaml" # e.g. "/local/app/config.yaml"
}
