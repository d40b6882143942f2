variable "root" {
  description = "A folder of a writable storage to work in."
  type        = string
  default     = "/local"
}

# A folder, created with its missing parents.
resource "alist_directory" "releases" {
  path = "${var.root}/releases"
}

# Manage a folder whether or not it exists yet, and delete it with its
# contents on destroy.
resource "alist_directory" "scratch" {
  path           = "${var.root}/scratch"
  adopt_existing = true
  force_destroy  = true
}

# Files can then be placed in it.
resource "alist_file" "notes" {
  path    = "${alist_directory.releases.path}/NOTES.md"
  content = "# Releases\n"
}
