# By username; the built-in guest too (to allow anonymous access).
terraform import alist_user.deploy deploy
terraform import alist_user.guest guest
