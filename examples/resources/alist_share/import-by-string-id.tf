import {
  to = alist_share.report
  id = "report-2026"
}
