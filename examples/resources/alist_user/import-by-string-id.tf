import {
  to = alist_user.deploy
  id = "deploy"
}
