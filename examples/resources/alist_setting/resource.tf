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

# A setting that holds a secret.
variable "ldap_password" {
  type      = string
  sensitive = true
}

resource "alist_setting" "ldap_password" {
  key             = "ldap_manager_password"
  sensitive_value = var.ldap_password
}
