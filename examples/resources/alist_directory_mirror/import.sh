# An existing destination folder, by its absolute path. The resource then
# manages no file yet: the first plan lists every source file as a copy, but
# the apply takes a destination file with the source's size and modification
# time (and hash, where both report one) as already copied and copies only
# the others.
terraform import alist_directory_mirror.photos_backup /onedrive/backup/photos
