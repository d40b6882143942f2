import {
  to = alist_share.report
  id = var.share_id # e.g. "report-2026"
}
