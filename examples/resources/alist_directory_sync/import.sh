# An existing remote folder, by its absolute path. The first apply after the
# import sends every file whose equality with the source the server's answers
# cannot prove (on Local storage: all of them, once).
terraform import alist_directory_sync.site /local/site
