variable "root" {
  description = "A folder of the site."
  type        = string
  default     = "/local"
}

data "alist_files" "releases" {
  path = "${var.root}/releases"
}

# The names of the files (not folders) in the folder.
output "release_files" {
  value = [for f in data.alist_files.releases.files : f.name if !f.is_dir]
}

# Re-read a folder of a caching storage instead of the server's cache.
variable "incoming" {
  description = "A folder of a storage whose listings the server caches (S3, WebDAV…)."
  type        = string
  default     = "/s3/incoming"
}

data "alist_files" "fresh" {
  path    = var.incoming
  refresh = true
}
