data "alist_storages" "all" {}

# A resource name for each mount path: the path itself when it is a plain
# name (/media -> media); otherwise "mount_", its letters and digits, and a
# short hash of the whole path, so that names starting with a digit (/115)
# are valid and paths that differ only in other scripts (/阿里云盘, /百度网盘)
# stay distinct.
locals {
  storage_names = { for s in data.alist_storages.all.storages : s.mount_path =>
    can(regex("^/[a-zA-Z][a-zA-Z0-9_]*$", s.mount_path)) ? trimprefix(s.mount_path, "/") :
    join("_", compact(["mount", trim(replace(s.mount_path, "/[^a-zA-Z0-9]+/", "_"), "_"), substr(sha256(s.mount_path), 0, 8)]))
  }
}

# The import blocks for every storage of the server: paste them into a
# configuration and run terraform plan -generate-config-out=storages.tf.
output "import_blocks" {
  value = join("\n", [for path, name in local.storage_names :
    "import {\n  to = alist_storage.${name}\n  id = \"${path}\"\n}"
  ])
}
