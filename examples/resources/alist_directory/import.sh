# The import ID is the folder's absolute path on the AList site.
terraform import alist_directory.releases /local/releases
