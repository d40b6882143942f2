# The import ID is the file's absolute path on the AList site.
terraform import alist_file.config /local/app/config.yaml
