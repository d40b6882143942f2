# Export a server with Terraform 1.7 to 1.13 or OpenTofu: one import block
# per object, for_each over the data sources, keyed by what identifies the
# object (mount path, folder, username, role name, setting key). Any string
# is a valid key: alist_storage.this["/阿里云盘"], alist_storage.this["/115"].

# What to take; left out, everything (but the built-in accounts and roles).
variable "mount_path_prefix" {
  type    = string
  default = null # e.g. "/media": /media and below, not /mediax
}
variable "path_prefix" {
  type    = string
  default = null # the metas' folders, as mount_path_prefix
}
variable "username_prefix" {
  type    = string
  default = ""
}
variable "role_name_prefix" {
  type    = string
  default = ""
}
variable "setting_group" {
  type    = string
  default = null # e.g. "site"; null: every group
}
variable "setting_keys" {
  type    = list(string)
  default = [] # empty: every setting of the group
}

# The secrets no data source carries, by the same keys.
variable "storage_secrets" {
  type        = map(map(string))
  default     = {}
  sensitive   = true
  description = "sensitive_addition per mount path, e.g. { \"/dav\" = { password = \"...\" } }."
}
variable "meta_passwords" {
  type      = map(string)
  default   = {}
  sensitive = true
}
variable "user_passwords" {
  type      = map(string)
  default   = {}
  sensitive = true
}

data "alist_server" "this" {}
data "alist_storages" "all" { mount_path_prefix = var.mount_path_prefix }
data "alist_metas" "all" { path_prefix = var.path_prefix }
data "alist_users" "all" {}
data "alist_settings" "all" { group = var.setting_group }
data "alist_roles" "all" {
  count = data.alist_server.this.roles ? 1 : 0 # AList v3.46 and later
}

locals {
  storages = { for s in data.alist_storages.all.storages : s.mount_path => s }
  metas    = { for m in data.alist_metas.all.metas : m.path => m }
  users = { for u in data.alist_users.all.users : u.username => u
  if u.role == "general" && startswith(u.username, var.username_prefix) }
  roles = { for r in flatten(data.alist_roles.all[*].roles) : r.name => r
  if !contains(["admin", "guest", "general"], r.name) && startswith(r.name, var.role_name_prefix) }
  settings = { for s in data.alist_settings.all.settings : s.key => s
  if !s.sensitive && !contains(["readonly", "deprecated"], s.flag) && (length(var.setting_keys) == 0 || contains(var.setting_keys, s.key)) }
}

import {
  for_each = local.storages
  to       = alist_storage.this[each.key]
  id       = each.key
}
import {
  for_each = local.metas
  to       = alist_meta.this[each.key]
  id       = each.key
}
import {
  for_each = local.users
  to       = alist_user.this[each.key]
  id       = each.key
}
import {
  for_each = local.roles
  to       = alist_role.this[each.key]
  id       = each.key
}
import {
  for_each = local.settings
  to       = alist_setting.this[each.key]
  id       = each.key
}

resource "alist_storage" "this" {
  for_each              = local.storages
  mount_path            = each.value.mount_path
  driver                = each.value.driver
  addition              = each.value.addition
  sensitive_addition    = lookup(var.storage_secrets, each.key, null)
  disabled              = each.value.disabled
  remark                = each.value.remark
  order                 = each.value.order
  cache_expiration      = each.value.cache_expiration
  web_proxy             = each.value.web_proxy
  webdav_policy         = each.value.webdav_policy
  down_proxy_url        = each.value.down_proxy_url
  enable_sign           = each.value.enable_sign
  order_by              = each.value.order_by
  order_direction       = each.value.order_direction
  extract_folder        = each.value.extract_folder
  proxy_range           = each.value.proxy_range
  disable_index         = each.value.disable_index
  down_proxy_sign       = each.value.down_proxy_sign
  disable_proxy_sign    = each.value.disable_proxy_sign
  custom_cache_policies = each.value.custom_cache_policies
}

resource "alist_meta" "this" {
  for_each        = local.metas
  path            = each.value.path
  password        = lookup(var.meta_passwords, each.key, null) # null keeps the server's
  password_sub    = each.value.password_sub
  write           = each.value.write
  write_sub       = each.value.write_sub
  hide            = each.value.hide
  hide_sub        = each.value.hide_sub
  readme          = each.value.readme
  readme_sub      = each.value.readme_sub
  header          = each.value.header
  header_sub      = each.value.header_sub
  read_users      = each.value.read_users
  read_users_sub  = each.value.read_users_sub
  write_users     = each.value.write_users
  write_users_sub = each.value.write_users_sub
}

resource "alist_role" "this" {
  for_each          = local.roles
  name              = each.value.name
  description       = each.value.description
  default           = each.value.default
  permission_scopes = each.value.permission_scopes
}

resource "alist_user" "this" {
  for_each    = local.users
  username    = each.value.username
  password    = lookup(var.user_passwords, each.key, null) # null keeps the server's
  base_path   = each.value.base_path
  disabled    = each.value.disabled
  permissions = each.value.permissions
  roles       = each.value.roles
  sso_id      = each.value.sso_id
  allow_ldap  = each.value.allow_ldap
  depends_on  = [alist_role.this] # a new account's roles exist first
}

resource "alist_setting" "this" {
  for_each = local.settings
  key      = each.value.key
  value    = each.value.value
}
