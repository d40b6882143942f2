data "alist_server" "this" {}

output "server" {
  value = "${data.alist_server.this.kind} ${data.alist_server.this.version}"
}
