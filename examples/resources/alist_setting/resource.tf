resource "alist_setting" "title" {
  key   = "site_title"
  value = "Team Files"
}

# Every download link signed, valid for 4 hours.
resource "alist_setting" "sign_all" {
  key   = "sign_all"
  value = "true"
}

resource "alist_setting" "link_expiration" {
  key   = "link_expiration"
  value = "4"
}

# A setting that holds a secret, write-only: never in the plan or the state
# (Terraform or OpenTofu 1.11 or later). Bump value_wo_version to send a
# new value.
variable "ldap_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "alist_setting" "ldap_password" {
  key              = "ldap_manager_password"
  value_wo         = var.ldap_password
  value_wo_version = 1
}
