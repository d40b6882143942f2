import {
  to = alist_setting.title
  identity = {
    key = "site_title"
  }
}
