# Where each role lets its accounts write (AList v3.62).
data "alist_roles" "all" {}

output "write_scopes" {
  value = { for r in data.alist_roles.all.roles : r.name => [for s in r.permission_scopes : s.path if contains(s.permissions, "write")] }
}
