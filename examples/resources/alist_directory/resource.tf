# A folder, created with its missing parents.
resource "alist_directory" "releases" {
  path = "/local/releases"
}

# Manage a folder that already exists, and delete it with its contents on destroy.
resource "alist_directory" "scratch" {
  path           = "/local/scratch"
  adopt_existing = true
  force_destroy  = true
}

# Files can then be placed in it.
resource "alist_file" "notes" {
  path    = "${alist_directory.releases.path}/NOTES.md"
  content = "# Releases\n"
}
