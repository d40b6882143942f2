# By mount path, or by numeric id.
terraform import alist_storage.media /media
terraform import alist_storage.media id:7
