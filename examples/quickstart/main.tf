# The quickstart that `make demo` applies. The provider reads its connection
# settings from ALIST_URL, ALIST_USERNAME and ALIST_PASSWORD.
terraform {
  required_version = ">= 1.11"
  required_providers {
    alist = {
      source = "alist-terraform/alist"
    }
  }
}

provider "alist" {}

variable "root" {
  description = "Folder on the AList site to publish into; it must lie in a writable storage."
  type        = string
  default     = "/local/quickstart"
}

# A text file published from a string.
resource "alist_file" "hello" {
  path      = "${var.root}/hello.txt"
  content   = "Hello from Terraform! Published by terraform-provider-alist.\n"
  overwrite = true
}

# A file published from a local file, streamed from disk.
resource "alist_file" "config" {
  path      = "${var.root}/config/app.yaml"
  source    = "${path.module}/app.yaml"
  overwrite = true
}

# A whole folder as one resource: a plan shows one line per file added,
# changed or removed, and an apply sends only those.
resource "alist_directory_sync" "site" {
  source_dir = "${path.module}/site"
  path       = "${var.root}/site"
}

# A folder's settings: site/drafts (published with the site above) asks
# visitors for a password, and its *.draft files are hidden from them
# altogether.
resource "alist_meta" "drafts" {
  path         = "${var.root}/site/drafts"
  password     = "quickstart"
  password_sub = true
  hide         = ["\\.draft$"]
  readme       = "Drafts: ask the team for the password."
}

# The server's layout as code: a storage of its own for backups. On a real
# server it would be another disk or a cloud drive; here it is a folder of
# the quickstart, mounted as a Local storage, which needs the folder's path
# on the server's disk: `make demo` knows it for its bundled server.
variable "storage_dir" {
  description = "Path on the AList server's disk of the folder var.root (e.g. /srv/alist/local/quickstart); null to skip the backup storage and mirror."
  type        = string
  default     = null
}

variable "backup_path" {
  description = "Where the backup storage is mounted."
  type        = string
  default     = "/quickstart-backup"
}

resource "alist_directory" "backup_disk" {
  count = var.storage_dir == null ? 0 : 1
  path  = "${var.root}/backup-disk"
}

resource "alist_storage" "backup" {
  count      = length(alist_directory.backup_disk)
  mount_path = var.backup_path
  driver     = "Local"
  remark     = "Backups of the quickstart, mounted by Terraform"
  addition = {
    root_folder_path = "${var.storage_dir}/${basename(alist_directory.backup_disk[0].path)}"
  }
}

# The published site kept in step on the backup storage by the server's own
# copy tasks: nothing passes through the machine running Terraform. A plan
# lists each file to copy; the site and the storage are made by this same
# configuration, so the first plan shows them as known after apply.
resource "alist_directory_mirror" "site_backup" {
  count       = length(alist_storage.backup)
  source_path = alist_directory_sync.site.path
  path        = "${alist_storage.backup[0].mount_path}/site"
  exclude     = ["drafts/**"]
}

# What the backup storage shows once the mirror is applied.
data "alist_files" "backup" {
  count = length(alist_directory_mirror.site_backup)
  path  = alist_directory_mirror.site_backup[0].path
}

# Everything the server says about the published file.
data "alist_file" "hello" {
  path = alist_file.hello.path
}

output "raw_url" {
  description = "Direct download link of hello.txt."
  value       = alist_file.hello.raw_url
}

output "hello_sha256" {
  value = alist_file.hello.content_sha256
}

output "config_size" {
  value = alist_file.config.size
}

output "storage" {
  value = data.alist_file.hello.storage_provider
}

output "site" {
  description = "What site/ publishes: how many files, how many bytes, and a digest that changes whenever a published file does."
  value = {
    files  = alist_directory_sync.site.file_count
    bytes  = alist_directory_sync.site.total_size
    digest = alist_directory_sync.site.digest
  }
}

output "backup" {
  description = "What the backup storage holds of the site: its top-level names."
  value       = [for f in try(data.alist_files.backup[0].files, []) : f.name]
}
