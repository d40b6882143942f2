data "alist_users" "all" {}

output "admins" {
  value = [for u in data.alist_users.all.users : u.username if u.role == "admin"]
}
