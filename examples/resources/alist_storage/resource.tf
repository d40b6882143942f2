variable "mount_root" {
  description = "A folder of the site to mount the storages below; \"\" mounts them at the top."
  type        = string
  default     = ""
}

variable "media_dir" {
  description = "A folder of the AList server's own disk."
  type        = string
  default     = "/srv/media"
}

# A folder of the server's disk, mounted at /media.
resource "alist_storage" "media" {
  mount_path = "${var.mount_root}/media"
  driver     = "Local"
  remark     = "NAS share, managed by Terraform"
  addition = {
    root_folder_path = var.media_dir
    show_hidden      = false
  }
}

# Another AList server, mounted at /peer. Its password, write-only, stays
# out of plans and the state (Terraform or OpenTofu 1.11 or later); bump
# sensitive_addition_wo_version to send a new one.
variable "peer_url" {
  type    = string
  default = "https://other.example.com"
}

variable "peer_username" {
  type    = string
  default = "mirror"
}

variable "peer_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "alist_storage" "peer" {
  mount_path                    = "${var.mount_root}/peer"
  driver                        = "AList V3"
  addition                      = { url = var.peer_url, root_folder_path = "/", username = var.peer_username }
  sensitive_addition_wo         = { password = var.peer_password }
  sensitive_addition_wo_version = 1
}

# Kept in the configuration, unmounted.
resource "alist_storage" "old" {
  mount_path = "${var.mount_root}/archive"
  driver     = "Local"
  disabled   = true
  addition   = { root_folder_path = "${var.media_dir}/archive" }
}
