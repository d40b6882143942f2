import {
  to = alist_file.config
  id = "/local/app/config.yaml"
}
