# An existing remote folder, by its absolute path. The first apply after the
# import sends every file once more (the server's sizes and times cannot prove a
# remote file equal to the local one).
terraform import alist_directory_sync.site /local/site
