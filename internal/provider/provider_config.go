package provider

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

const (
	defaultRequestTimeout = 60 * time.Second
	defaultMaxRetries     = 4
	defaultRetryMaxWait   = 10 * time.Second
)

// setting is one string attribute of the provider block, resolved against
// its environment variable.
type setting struct {
	attr, env string
	value     string
	fromEnv   bool // value came from env, not from the configuration
	unknown   bool // the configuration's value is not known until apply
}

func (s setting) set() bool { return s.value != "" }

// source names where a value came from, for messages.
func (s setting) source() string {
	if s.fromEnv {
		return "the " + s.env + " environment variable"
	}
	return "`" + s.attr + "`"
}

// settings is the provider block resolved once: configuration first, then
// the ALIST_* environment variables. Every rule about it lives in check.
type settings struct {
	url, username, password, otpCode, otpSecret, token setting

	requestTimeout, retryMaxWait setting
	maxRetries                   int
	caCertPEM                    string
	insecureSkipVerify           bool
}

// resolveSettings reads the provider block; withEnv fills what it leaves
// unset from the environment (Configure), without it only the configuration
// counts (ValidateConfig, where the environment of the apply may differ).
func resolveSettings(m *providerModel, withEnv bool) *settings {
	str := func(attr, env string, v types.String) setting {
		s := setting{attr: attr, env: env, unknown: v.IsUnknown()}
		switch {
		case s.unknown:
		case v.ValueString() != "":
			s.value = v.ValueString()
		case withEnv && env != "":
			s.value, s.fromEnv = os.Getenv(env), true
		}
		return s
	}
	s := &settings{
		url:                str("url", "ALIST_URL", m.URL),
		username:           str("username", "ALIST_USERNAME", m.Username),
		password:           str("password", "ALIST_PASSWORD", m.Password),
		otpCode:            str("otp_code", "ALIST_OTP_CODE", m.OTPCode),
		otpSecret:          str("otp_secret", "ALIST_OTP_SECRET", m.OTPSecret),
		token:              str("token", "ALIST_TOKEN", m.Token),
		requestTimeout:     str("request_timeout", "", m.RequestTimeout),
		retryMaxWait:       str("retry_max_wait", "", m.RetryMaxWait),
		maxRetries:         defaultMaxRetries,
		caCertPEM:          m.CACertPEM.ValueString(),
		insecureSkipVerify: m.InsecureSkipVerify.ValueBool(),
	}
	if !m.MaxRetries.IsNull() && !m.MaxRetries.IsUnknown() {
		s.maxRetries = int(m.MaxRetries.ValueInt64())
	}
	return s
}

func (s *settings) credentials() []setting {
	return []setting{s.url, s.username, s.password, s.otpCode, s.otpSecret, s.token}
}

// check reports every rule the settings break, each with one wording.
// complete: the settings are final (Configure), so what is missing is an
// error and unknown values cannot wait any longer.
func (s *settings) check(complete bool) diag.Diagnostics {
	var diags diag.Diagnostics
	bad := func(attr, summary, detail string) { diags.AddAttributeError(path.Root(attr), summary, detail) }
	if complete {
		for _, c := range s.credentials() {
			if c.unknown {
				bad(c.attr, "Unknown value for "+c.attr, fmt.Sprintf("The provider cannot be configured because `%s` depends on a value that is not known until apply. "+
					"Set it statically, apply its source first (-target), or use the %s environment variable.", c.attr, c.env))
			}
		}
		if diags.HasError() {
			return diags
		}
	}
	switch {
	case s.url.set():
		if _, err := alist.ParseBaseURL(s.url.value); err != nil {
			bad("url", "Invalid AList URL", fmt.Sprintf("%s (from %s).", err, s.url.source()))
		}
	case complete:
		bad("url", "Missing AList URL", "Set `url` in the provider block or the ALIST_URL environment variable to the AList site's base URL, e.g. https://files.example.com.")
	}
	if complete {
		switch {
		case s.username.set() && !s.password.set():
			bad("password", "Missing password", "`username` is set but `password` is not: set `password` or the ALIST_PASSWORD environment variable.")
		case s.password.set() && !s.username.set() && !s.token.set():
			bad("username", "Missing username", "`password` is set but `username` is not: set `username` or the ALIST_USERNAME environment variable.")
		case !s.token.set() && !s.username.set():
			bad("username", "Missing credentials", "Set `username` and `password` (or ALIST_USERNAME and ALIST_PASSWORD), or a ready `token` (ALIST_TOKEN).")
		}
	}
	if s.otpCode.set() && s.otpSecret.set() {
		bad("otp_secret", "Conflicting 2FA settings", fmt.Sprintf("Both a one-time code (from %s) and a TOTP secret (from %s) are set: keep only the TOTP secret, "+
			"from which a fresh code is derived at each login (a typed code is valid for about a minute only).", s.otpCode.source(), s.otpSecret.source()))
	} else if s.otpSecret.set() {
		if err := alist.ValidateTOTPSecret(s.otpSecret.value); err != nil {
			bad("otp_secret", "Invalid TOTP secret", fmt.Sprintf("%s (from %s).", err, s.otpSecret.source()))
		}
	}
	for _, d := range []setting{s.requestTimeout, s.retryMaxWait} {
		if d.set() {
			if _, err := parsePositiveDuration(d.value); err != nil {
				bad(d.attr, "Invalid duration", fmt.Sprintf("`%s`: %s.", d.attr, err))
			}
		}
	}
	if s.maxRetries < 0 || s.maxRetries > 20 {
		bad("max_retries", "Invalid max_retries", fmt.Sprintf("`max_retries` is %d: use a number from 0 (no retries) to 20.", s.maxRetries))
	}
	if complete && s.insecureSkipVerify {
		diags.AddAttributeWarning(path.Root("insecure_skip_verify"), "TLS verification is off",
			"`insecure_skip_verify = true`: the server's certificate is not checked, so anyone on the network path can impersonate it and read the credentials. "+
				"Trust the server's CA with `ca_cert_pem` instead.")
	}
	if s.caCertPEM != "" && !x509.NewCertPool().AppendCertsFromPEM([]byte(s.caCertPEM)) {
		bad("ca_cert_pem", "Invalid CA certificate",
			"`ca_cert_pem` holds no PEM certificate: give the contents of the CA's certificate file, starting with -----BEGIN CERTIFICATE-----, for example with file(\"ca.pem\").")
	}
	return diags
}

func parsePositiveDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration: write it like \"30s\", \"2m\" or \"1h\"", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q must be greater than zero", s)
	}
	return d, nil
}

// durationOr is a checked duration setting, or def when unset.
func durationOr(s setting, def time.Duration) time.Duration {
	if d, err := parsePositiveDuration(s.value); err == nil {
		return d
	}
	return def
}

// clientConfig is the API client's configuration for checked settings.
func (s *settings) clientConfig(userAgent string) alist.Config {
	return alist.Config{
		URL: s.url.value, Username: s.username.value, Password: s.password.value,
		OTPCode: s.otpCode.value, OTPSecret: s.otpSecret.value, Token: s.token.value,
		UserAgent:      userAgent,
		RequestTimeout: durationOr(s.requestTimeout, defaultRequestTimeout),
		RetryMaxWait:   durationOr(s.retryMaxWait, defaultRetryMaxWait),
		MaxRetries:     s.maxRetries,
		TLSConfig:      s.tlsConfig(),
		Log:            logAPICall,
	}
}

func (s *settings) tlsConfig() *tls.Config {
	if s.caCertPEM == "" && !s.insecureSkipVerify {
		return nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.caCertPEM != "" {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		pool.AppendCertsFromPEM([]byte(s.caCertPEM))
		cfg.RootCAs = pool
	}
	cfg.InsecureSkipVerify = s.insecureSkipVerify //nolint:gosec // the user asked for it, and check warns.
	return cfg
}

// secrets are the values no log line may show: the client never logs them,
// and the provider masks them as a second line of defence.
func (s *settings) secrets() []string {
	var out []string
	for _, c := range []setting{s.password, s.otpCode, s.otpSecret, s.token} {
		if c.set() {
			out = append(out, c.value)
		}
	}
	if s.password.set() {
		out = append(out, alist.HashPassword(s.password.value))
	}
	return out
}

// key identifies the effective configuration without keeping its secrets.
func (s *settings) key() string {
	h := sha256.New()
	for _, v := range []string{s.url.value, s.username.value, s.password.value, s.otpCode.value, s.otpSecret.value, s.token.value,
		s.requestTimeout.value, s.retryMaxWait.value, strconv.Itoa(s.maxRetries), s.caCertPEM, strconv.FormatBool(s.insecureSkipVerify)} {
		h.Write([]byte(v))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// authKind says how the provider authenticates, for the debug log.
func (s *settings) authKind() string {
	var parts []string
	if s.token.set() {
		parts = append(parts, "token")
	}
	if s.username.set() {
		parts = append(parts, "password")
	}
	if s.otpSecret.set() {
		parts = append(parts, "totp-secret")
	} else if s.otpCode.set() {
		parts = append(parts, "otp-code")
	}
	return strings.Join(parts, "+")
}
