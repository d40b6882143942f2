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

# The server's layout as code: the published folder mounted a second time,
# as a storage of its own. It needs the folder's path on the server's disk,
# which `make demo` knows for its bundled server (storage_dir).
variable "storage_dir" {
  description = "Path on the AList server's disk of the folder var.root (e.g. /srv/alist/local/quickstart); null to skip the mount."
  type        = string
  default     = null
}

variable "mirror_path" {
  description = "Where the mirror storage is mounted."
  type        = string
  default     = "/quickstart-mirror"
}

resource "alist_storage" "mirror" {
  count      = var.storage_dir == null ? 0 : 1
  mount_path = var.mirror_path
  driver     = "Local"
  remark     = "The quickstart folder, mounted again by Terraform"
  addition = {
    root_folder_path = var.storage_dir
    show_hidden      = false
  }
  depends_on = [alist_file.hello] # the folder exists once a file is in it
}

data "alist_files" "mirror" {
  count      = length(alist_storage.mirror)
  path       = alist_storage.mirror[0].mount_path
  depends_on = [alist_directory_sync.site, alist_file.config]
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

output "site_files" {
  description = "The files of site/ as published: relative path => SHA-256."
  value       = alist_directory_sync.site.files
}

output "mirror" {
  description = "What the mounted storage shows: the quickstart folder again."
  value       = [for f in try(data.alist_files.mirror[0].files, []) : f.name]
}
