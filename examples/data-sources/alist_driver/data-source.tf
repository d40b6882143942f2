# What a driver's addition takes on this server.
data "alist_driver" "s3" {
  name = "S3"
}

output "s3_settings" {
  value = { for f in data.alist_driver.s3.fields : f.name => f.type }
}

output "s3_secrets" {
  value = data.alist_driver.s3.secret_fields
}
