package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/pquerna/otp/totp"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// Logins with a second factor: a TOTP secret (a fresh code at each login)
// and a one-time code typed just before the run.
func TestAccProvider_otp(t *testing.T) {
	e := newEnv(t, alisttest.Options{Admin: alisttest.User{Username: "admin", Password: "admin-pass-123", Role: 2, OTPSecret: otpSecret}})
	e.needsLocal(whySecondUser)
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

// Each rule about the provider's settings, with and without the
// environment: at validation only the configuration counts, at Configure
// the ALIST_* variables fill what it leaves out.
func TestSettingsCheck(t *testing.T) {
	str := types.StringValue
	for _, tc := range []struct {
		name     string
		model    providerModel
		env      map[string]string
		complete bool
		want     string // the error summaries, in order; "" for none
	}{
		{name: "all from the configuration", model: providerModel{URL: str("http://h"), Username: str("u"), Password: str("p")}, complete: true},
		{name: "all from the environment", env: map[string]string{"ALIST_URL": "http://h", "ALIST_TOKEN": "t"}, complete: true},
		{name: "validation does not want what the environment may give", model: providerModel{Username: str("u")}},
		{name: "no URL", model: providerModel{Token: str("t")}, complete: true, want: "Missing AList URL"},
		{name: "bad URL from the environment", env: map[string]string{"ALIST_URL": "files.example.com", "ALIST_TOKEN": "t"}, complete: true, want: "Invalid AList URL"},
		{name: "bad URL at validation", model: providerModel{URL: str("http://h/?q=1")}, want: "Invalid AList URL"},
		{name: "no password", model: providerModel{URL: str("http://h"), Username: str("u")}, complete: true, want: "Missing password"},
		{name: "no username", model: providerModel{URL: str("http://h"), Password: str("p")}, complete: true, want: "Missing username"},
		{name: "no credentials", model: providerModel{URL: str("http://h")}, complete: true, want: "Missing credentials"},
		{name: "both 2FA settings, one from the environment", model: providerModel{URL: str("http://h"), Token: str("t"), OTPCode: str("123456")},
			env: map[string]string{"ALIST_OTP_SECRET": otpSecret}, complete: true, want: "Conflicting 2FA settings"},
		{name: "bad TOTP secret", model: providerModel{OTPSecret: str("not base32!")}, want: "Invalid TOTP secret"},
		{name: "bad durations", model: providerModel{RequestTimeout: str("soon"), RetryMaxWait: str("-1s")}, want: "Invalid duration, Invalid duration"},
		{name: "max_retries", model: providerModel{MaxRetries: types.Int64Value(21)}, want: "Invalid max_retries"},
		{name: "CA not PEM", model: providerModel{CACertPEM: str("nope")}, want: "Invalid CA certificate"},
		{name: "unknown at Configure", model: providerModel{URL: types.StringUnknown(), Token: str("t")}, complete: true, want: "Unknown value for url"},
		{name: "unknown at validation waits", model: providerModel{URL: types.StringUnknown(), Token: str("t")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, v := range []string{"ALIST_URL", "ALIST_USERNAME", "ALIST_PASSWORD", "ALIST_TOKEN", "ALIST_OTP_CODE", "ALIST_OTP_SECRET"} {
				t.Setenv(v, tc.env[v])
			}
			var got []string
			for _, d := range resolveSettings(&tc.model, tc.complete).check(tc.complete).Errors() {
				got = append(got, d.Summary())
			}
			if strings.Join(got, ", ") != tc.want {
				t.Errorf("errors %q, want %q", got, tc.want)
			}
		})
	}
}

// A value from the environment is named as such in its error.
func TestSettingsCheck_namesTheSource(t *testing.T) {
	t.Setenv("ALIST_URL", "files.example.com")
	d := resolveSettings(&providerModel{Token: types.StringValue("t")}, true).check(true)
	if !d.HasError() || !strings.Contains(d.Errors()[0].Detail(), "ALIST_URL environment variable") {
		t.Errorf("diagnostics %v do not name ALIST_URL", d)
	}
}
