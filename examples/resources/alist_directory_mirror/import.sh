# An existing destination folder, by its absolute path. The resource then
# manages no file yet: the first apply copies every source file once more
# (overwriting), since sizes and times cannot prove two files equal.
terraform import alist_directory_mirror.photos_backup /onedrive/backup/photos
