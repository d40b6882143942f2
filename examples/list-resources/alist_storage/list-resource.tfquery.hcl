# Every storage mounted at /media or below it (not /mediax).
list "alist_storage" "media" {
  provider = alist

  config {
    mount_path_prefix = "/media"
  }
}

# The WebDAV mounts, each with its settings as an import reads them: the
# driver's secrets are left out, and a warning names them for
# sensitive_addition.
list "alist_storage" "webdav" {
  provider         = alist
  include_resource = true

  config {
    driver = "WebDav"
  }
}
