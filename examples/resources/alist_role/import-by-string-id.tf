import {
  to = alist_role.deployer
  id = "deployer"
}
