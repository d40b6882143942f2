import {
  to = alist_share.report
  identity = {
    share_id = "report-2026"
  }
}
