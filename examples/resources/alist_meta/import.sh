# By the folder's path.
terraform import alist_meta.private /media/private
