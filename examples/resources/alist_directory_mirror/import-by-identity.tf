import {
  to = alist_directory_mirror.photos_backup
  identity = {
    path = "${var.backup_root}/photos" # e.g. "/onedrive/backup/photos"
  }
}
