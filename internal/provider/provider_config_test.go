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
