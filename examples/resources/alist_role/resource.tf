variable "root" {
  description = "A folder of a writable storage to confine the account to."
  type        = string
  default     = "/local"
}

# AList v3.62: a role that may upload and remove below /local/deploy, and
# see hidden entries everywhere (scope "/"); it grants nothing else.
resource "alist_role" "deployer" {
  name        = "deployer"
  description = "CI pipelines"
  permission_scopes = [
    { path = "${var.root}/deploy", permissions = ["write", "remove"] },
    { path = "/", permissions = ["see_hidden"] },
  ]
}

# An account that holds the role: on v3.62 permissions come from roles.
variable "deploy_password" {
  type      = string
  sensitive = true
}

resource "alist_user" "deploy" {
  username            = "deploy"
  password_wo         = var.deploy_password
  password_wo_version = 1
  base_path           = "${var.root}/deploy"
  roles               = [alist_role.deployer.name]
}
