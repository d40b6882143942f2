terraform {
  required_providers {
    alist = {
      source = "alist-terraform/alist"
    }
  }
}

variable "alist_password" {
  type      = string
  sensitive = true
}

variable "alist_otp_secret" {
  type      = string
  sensitive = true
  default   = null
}

# Every attribute may instead come from the environment: ALIST_URL,
# ALIST_USERNAME, ALIST_PASSWORD, ALIST_OTP_SECRET, ALIST_OTP_CODE, ALIST_TOKEN.
provider "alist" {
  url      = "https://files.example.com"
  username = "deploy"
  password = var.alist_password

  # For an account with two-factor authentication: the TOTP secret, from
  # which a fresh code is derived at each login. (otp_code takes a typed
  # one-time code instead; it rarely survives from plan to apply.)
  otp_secret = var.alist_otp_secret

  # Alternatively a ready token instead of username/password:
  # token = var.alist_token

  request_timeout = "60s" # per API call other than uploads
  max_retries     = 4     # transient failures only; logins are never retried
  retry_max_wait  = "10s"

  # A server whose certificate comes from a private CA:
  # ca_cert_pem = file("${path.module}/ca.pem")
}
