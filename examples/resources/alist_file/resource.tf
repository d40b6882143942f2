variable "root" {
  description = "A folder of a writable storage to publish into."
  type        = string
  default     = "/local"
}

# A file from a string.
resource "alist_file" "config" {
  path    = "${var.root}/app/config.yaml"
  content = yamlencode({ replicas = 3, log_level = "info" })
}

# Binary content, base64-encoded.
resource "alist_file" "logo" {
  path           = "${var.root}/site/logo.png"
  content_base64 = filebase64("${path.module}/logo.png")
}

# A local file, streamed from disk with constant memory whatever its size.
# Editing the file plans an in-place update.
resource "alist_file" "release" {
  path   = "${var.root}/releases/app-1.4.2.tar.gz"
  source = "${path.module}/dist/app-1.4.2.tar.gz"

  timeouts {
    create = "1h"
    update = "1h"
  }
}

# Take over a file that may already exist on the server instead of failing.
resource "alist_file" "motd" {
  path      = "${var.root}/motd.txt"
  content   = "Maintenance on Saturday.\n"
  overwrite = true
}

# A secret configuration file: with content_wo the value never lands in the
# plan or the state (Terraform or OpenTofu 1.11 or later). Bump
# content_wo_version to upload a new value.
variable "db_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "alist_file" "app_env" {
  path               = "${var.root}/app/secrets.env"
  content_wo         = "DB_PASSWORD=${var.db_password}\n"
  content_wo_version = 1
}

output "release_url" {
  value = alist_file.release.raw_url
}
