variable "deploy_password" {
  type      = string
  sensitive = true
}

# A pipeline's account on AList v3.38 or OpenList: confined to one folder,
# allowed to upload and remove there, nothing else.
resource "alist_user" "deploy" {
  username            = "deploy"
  password_wo         = var.deploy_password
  password_wo_version = 1 # bump to send a new password
  base_path           = "/local/deploy"
  permissions         = ["write", "remove"]
}

# The same on AList v3.62, where permissions come from roles.
resource "alist_role" "deployer" {
  name              = "deployer"
  permission_scopes = [{ path = "/local/deploy", permissions = ["write", "remove"] }]
}

resource "alist_user" "deploy_v362" {
  username            = "deploy"
  password_wo         = var.deploy_password
  password_wo_version = 1
  base_path           = "/local/deploy"
  roles               = [alist_role.deployer.name]
}
