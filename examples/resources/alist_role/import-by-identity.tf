import {
  to = alist_role.deployer
  identity = {
    name = "deployer"
  }
}
