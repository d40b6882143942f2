import {
  to = alist_user.deploy
  identity = {
    username = "deploy"
  }
}
