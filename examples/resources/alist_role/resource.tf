# AList v3.62: write and remove below /local/deploy, read everywhere else.
resource "alist_role" "deployer" {
  name        = "deployer"
  description = "CI pipelines"
  permission_scopes = [
    { path = "/local/deploy", permissions = ["write", "remove"] },
    { path = "/", permissions = ["see_hidden"] },
  ]
}
