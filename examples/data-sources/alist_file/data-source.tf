variable "root" {
  description = "A folder of the site."
  type        = string
  default     = "/local"
}

data "alist_file" "report" {
  path = "${var.root}/reports/2026-11.pdf"
}

output "report_link" {
  value = data.alist_file.report.raw_url
}

output "report_size" {
  value = data.alist_file.report.size
}

# A file inside a password-protected folder.
data "alist_file" "private" {
  path     = "${var.root}/private/keys.txt"
  password = var.folder_password
}

variable "folder_password" {
  type      = string
  sensitive = true
}
