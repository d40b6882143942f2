import {
  to = alist_meta.private
  id = "/media/private"
}
