import {
  to = alist_directory_mirror.photos_backup
  id = "${var.backup_root}/photos" # e.g. "/onedrive/backup/photos"
}
