variable "source_path" {
  description = "The folder to back up, on the server."
  type        = string
  default     = "/local/photos"
}

variable "backup_root" {
  description = "A folder of another storage (or the same one) to back up into."
  type        = string
  default     = "/onedrive/backup"
}

# The photos folder kept in step with a backup folder: the server copies
# the new and changed files itself, with its copy tasks. Nothing passes
# through the machine running Terraform.
resource "alist_directory_mirror" "photos_backup" {
  source_path = var.source_path
  path        = "${var.backup_root}/photos"
  exclude     = ["**/.DS_Store", "**/*.tmp"]
  # A backup should outlive its configuration: set keep_on_destroy = true
  # to leave the copies in place when the resource is destroyed.
}

# Changes exactly when a mirrored file does (a file changed or deleted at
# the destination drops out of it until copied again).
output "backup_digest" {
  value = alist_directory_mirror.photos_backup.digest
}
