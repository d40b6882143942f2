# The site settings (title, announcement, ...), with their values.
list "alist_setting" "site" {
  provider         = alist
  include_resource = true

  config {
    group = "site"
  }
}

# The LDAP settings whose key starts with ldap_user_. A secret's value
# (ldap_manager_password) is never listed.
list "alist_setting" "ldap_users" {
  provider = alist

  config {
    group       = "ldap"
    key_pattern = "ldap_user_*"
  }
}
