package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/pquerna/otp/totp"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

const otpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// Logins with a second factor: a TOTP secret (a fresh code at each login)
// and a one-time code typed just before the run.
func TestAccProvider_otp(t *testing.T) {
	e := newEnv(t, alisttest.Options{Admin: alisttest.User{Username: "admin", Password: "admin-pass-123", Role: 2, OTPSecret: otpSecret}})
	e.needsLocal()
	p := e.path("otp.txt")
	code := func() string {
		c, err := totp.GenerateCode(otpSecret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(p),
		Steps: []resource.TestStep{
			{
				Config: e.providerConfig(fmt.Sprintf("otp_secret = %q", otpSecret)) + fmt.Sprintf("resource \"alist_file\" \"o\" {\n  path = %q\n  content = \"secret\"\n}\n", p),
				Check:  e.checkRemote(p, []byte("secret")),
			},
			{
				Config:      e.providerConfig() + fmt.Sprintf("resource \"alist_file\" \"o\" {\n  path = %q\n  content = \"no code\"\n}\n", p),
				ExpectError: re(`(?s)2FA code was missing or wrong.*TOTP secret`),
			},
			{
				// A code typed just before the run, passed as ALIST_OTP_CODE.
				PreConfig: func() { t.Setenv("ALIST_OTP_CODE", code()) },
				Config:    e.providerConfig() + fmt.Sprintf("resource \"alist_file\" \"o\" {\n  path = %q\n  content = \"typed code\"\n}\n", p),
				Check:     e.checkRemote(p, []byte("typed code")),
			},
		},
	})
}

// Configuration mistakes are reported before anything is sent, naming the
// attribute and its environment variable.
func TestAccProvider_invalidConfig(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	file := fmt.Sprintf("resource \"alist_file\" \"x\" {\n  path = %q\n  content = \"x\"\n}\n", e.path("x.txt"))
	for name, tc := range map[string]struct{ provider, msg string }{
		"no scheme":       {`url = "files.example.com"`, `Invalid AList URL.*http:// or https://`},
		"query":           {`url = "http://127.0.0.1:1/?x=1"`, `Invalid AList URL.*query`},
		"no credentials":  {fmt.Sprintf("url = %q", e.url), `Missing credentials.*ALIST_USERNAME`},
		"no password":     {fmt.Sprintf("url = %q\n  username = \"admin\"", e.url), `Missing password.*ALIST_PASSWORD`},
		"both otp":        {fmt.Sprintf("url = %q\n  token = \"t\"\n  otp_code = \"123456\"\n  otp_secret = %q", e.url, otpSecret), `Conflicting 2FA settings`},
		"bad otp secret":  {fmt.Sprintf("url = %q\n  token = \"t\"\n  otp_secret = \"not base32!\"", e.url), `Invalid TOTP secret.*base32`},
		"bad timeout":     {fmt.Sprintf("url = %q\n  token = \"t\"\n  request_timeout = \"soon\"", e.url), `request_timeout.*not a duration`},
		"bad max_retries": {fmt.Sprintf("url = %q\n  token = \"t\"\n  max_retries = 99", e.url), `max_retries.*0 \(no retries\) to 20`},
		"bad ca":          {fmt.Sprintf("url = %q\n  token = \"t\"\n  ca_cert_pem = \"nope\"", e.url), `ca_cert_pem.*no PEM certificate`},
	} {
		t.Run(name, func(t *testing.T) {
			for _, v := range []string{"ALIST_URL", "ALIST_USERNAME", "ALIST_PASSWORD", "ALIST_TOKEN", "ALIST_OTP_CODE", "ALIST_OTP_SECRET"} {
				t.Setenv(v, "")
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config:      "provider \"alist\" {\n  " + tc.provider + "\n}\n" + file,
					ExpectError: re(`(?s)` + tc.msg),
				}},
			})
		})
	}
}
