import {
  to = alist_storage.media
  id = "/media"
}
