variable "root" {
  description = "A folder of a writable storage to confine the account to."
  type        = string
  default     = "/local"
}

variable "deploy_password" {
  type      = string
  sensitive = true
}

# A pipeline's account on AList v3.38 or OpenList: confined to one folder,
# allowed to upload and remove there, nothing else. (On AList v3.62
# permissions come from roles: see alist_role.)
resource "alist_user" "deploy" {
  username            = "deploy"
  password_wo         = var.deploy_password
  password_wo_version = 1 # bump to send a new password
  base_path           = "${var.root}/deploy"
  permissions         = ["write", "remove"]
}
