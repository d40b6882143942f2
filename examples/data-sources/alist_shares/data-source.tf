# The account's share links, and those that are off or have expired.
data "alist_shares" "all" {}

output "stale_shares" {
  value = [for s in data.alist_shares.all.shares : s.share_id if s.disabled || (s.expires_at != null && timecmp(s.expires_at, plantimestamp()) <= 0)]
}
