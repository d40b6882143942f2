import {
  to = alist_directory.releases
  id = "/local/releases"
}
