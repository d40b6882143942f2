variable "report" {
  description = "The file to hand out (AList v3.62 shares one path per share)."
  type        = string
  default     = "/local/reports/2026.pdf"
}

variable "share_id" {
  description = "The share's id, the last part of its links."
  type        = string
  default     = "report-2026"
}

variable "share_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

# A one-file share until a set date, with a password that never lands in the
# plan or the state (Terraform or OpenTofu 1.11 or later); bump
# password_wo_version to send a new one. expires_at is a fixed date: one
# computed from timestamp() or plantimestamp() would move at every plan.
resource "alist_share" "report" {
  paths               = [var.report]
  share_id            = var.share_id
  expires_at          = "2030-01-31T18:00:00Z"
  max_accesses        = 50
  password_wo         = var.share_password
  password_wo_version = 1
}

# The page to hand out, and (for a one-file share) the download link: on
# OpenList add ?pwd=<password>; on AList v3.62 a password-protected share
# has no lasting download link, so give the page.
output "report_page" {
  value = alist_share.report.url
}

output "report_download" {
  value = alist_share.report.download_url
}
