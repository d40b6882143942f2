# By name.
terraform import alist_role.deployer deployer
