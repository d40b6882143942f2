# The storages mounted at /media and below (not /mediax), and their drivers.
# The export guide takes every storage over with import blocks that
# for_each over this data source.
data "alist_storages" "media" {
  mount_path_prefix = "/media"
}

output "drivers" {
  value = { for s in data.alist_storages.media.storages : s.mount_path => s.driver }
}
