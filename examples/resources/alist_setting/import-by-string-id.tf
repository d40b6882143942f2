import {
  to = alist_setting.title
  id = "site_title"
}
