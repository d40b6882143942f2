variable "root" {
  description = "A folder of a writable storage to publish into."
  type        = string
  default     = "/local"
}

# A static site: every file below public/, except editor junk and drafts,
# published to /local/site. Only new and changed files are sent.
resource "alist_directory_sync" "site" {
  source_dir = "${path.module}/public"
  path       = "${var.root}/site"
  exclude    = ["**/.DS_Store", "drafts/**"]
}

# Build output mirrored exactly: files on the server that the build no
# longer produces are deleted, each listed in the plan.
resource "alist_directory_sync" "dist" {
  source_dir       = "${path.module}/dist"
  path             = "${var.root}/releases/app"
  include          = ["**/*.js", "**/*.css", "**/*.html"]
  delete_unmanaged = true
  parallelism      = 16
}

output "published_files" {
  value = alist_directory_sync.site.file_count
}
