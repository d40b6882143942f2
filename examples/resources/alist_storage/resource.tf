# A folder of the server's disk, mounted at /media.
resource "alist_storage" "media" {
  mount_path = "/media"
  driver     = "Local"
  remark     = "NAS share, managed by Terraform"
  addition = {
    root_folder_path = "/srv/media"
    show_hidden      = false
  }
}

# Another AList server, mounted at /peer. Its password stays out of plans.
variable "peer_password" {
  type      = string
  sensitive = true
}

resource "alist_storage" "peer" {
  mount_path         = "/peer"
  driver             = "AList V3"
  addition           = { url = "https://other.example.com", root_folder_path = "/", username = "mirror" }
  sensitive_addition = { password = var.peer_password }
}

# Kept in the configuration, unmounted.
resource "alist_storage" "old" {
  mount_path = "/archive"
  driver     = "Local"
  disabled   = true
  addition   = { root_folder_path = "/srv/archive" }
}
