import {
  to = alist_share.report
  identity = {
    share_id = var.share_id # e.g. "report-2026"
  }
}
