# The share links the account can see, and those that are off or have
# expired (a conditional, not &&: Terraform before 1.12 evaluates both sides
# of && and timecmp refuses a null).
data "alist_shares" "all" {}

output "stale_shares" {
  value = [for s in data.alist_shares.all.shares : s.share_id if s.disabled || (s.expires_at == null ? false : timecmp(s.expires_at, plantimestamp()) <= 0)]
}
