data "alist_files" "releases" {
  path = "/local/releases"
}

# The names of the files (not folders) in the folder.
output "release_files" {
  value = [for f in data.alist_files.releases.files : f.name if !f.is_dir]
}

# Re-read a folder of a caching storage instead of the server's cache.
data "alist_files" "fresh" {
  path    = "/s3/incoming"
  refresh = true
}
