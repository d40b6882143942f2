# By the share's id, the last part of its link (…/s/<id> or …/@s/<id>).
terraform import alist_share.report report-2026
