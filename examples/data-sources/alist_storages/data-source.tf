data "alist_storages" "all" {}

# The import blocks for every storage of the server: paste them into a
# configuration and run terraform plan -generate-config-out=storages.tf.
output "import_blocks" {
  value = join("\n", [for s in data.alist_storages.all.storages :
    "import {\n  to = alist_storage.${replace(trim(s.mount_path, "/"), "/[^a-zA-Z0-9_]/", "_")}\n  id = \"${s.mount_path}\"\n}"
  ])
}
