import {
  to = alist_directory_sync.site
  id = "/local/site"
}
