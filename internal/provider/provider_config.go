package provider

import (
	"context"
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
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

const (
	defaultRequestTimeout = 60 * time.Second
	defaultMaxRetries     = 4
	defaultRetryMaxWait   = 10 * time.Second
)

// stringSetting is one string attribute with its environment fallback.
type stringSetting struct {
	attr string
	env  string
	val  types.String
}

func (m *providerModel) stringSettings() []stringSetting {
	return []stringSetting{
		{"url", "ALIST_URL", m.URL},
		{"username", "ALIST_USERNAME", m.Username},
		{"password", "ALIST_PASSWORD", m.Password},
		{"otp_code", "ALIST_OTP_CODE", m.OTPCode},
		{"otp_secret", "ALIST_OTP_SECRET", m.OTPSecret},
		{"token", "ALIST_TOKEN", m.Token},
	}
}

// validateProviderModel checks what the configuration alone says, at
// validate/plan time. Unknown and null values are left for Configure.
func validateProviderModel(m *providerModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if known(m.URL) {
		if _, err := alist.ParseBaseURL(m.URL.ValueString()); err != nil {
			diags.AddAttributeError(path.Root("url"), "Invalid AList URL", err.Error()+".")
		}
	}
	if known(m.OTPCode) && known(m.OTPSecret) {
		diags.AddAttributeError(path.Root("otp_secret"), "Conflicting 2FA settings",
			"Set either `otp_code` (a one-time code) or `otp_secret` (the TOTP secret), not both. Pipelines want `otp_secret`: a typed code is valid for about a minute only.")
	}
	if known(m.OTPSecret) {
		if err := alist.ValidateTOTPSecret(m.OTPSecret.ValueString()); err != nil {
			diags.AddAttributeError(path.Root("otp_secret"), "Invalid TOTP secret", err.Error()+".")
		}
	}
	for _, d := range []struct {
		attr string
		val  types.String
	}{{"request_timeout", m.RequestTimeout}, {"retry_max_wait", m.RetryMaxWait}} {
		if known(d.val) {
			if _, err := parsePositiveDuration(d.val.ValueString()); err != nil {
				diags.AddAttributeError(path.Root(d.attr), "Invalid duration", fmt.Sprintf("`%s`: %s.", d.attr, err))
			}
		}
	}
	if !m.MaxRetries.IsNull() && !m.MaxRetries.IsUnknown() {
		if n := m.MaxRetries.ValueInt64(); n < 0 || n > 20 {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid max_retries",
				fmt.Sprintf("`max_retries` is %d: use a number from 0 (no retries) to 20.", n))
		}
	}
	if known(m.CACertPEM) {
		if !x509.NewCertPool().AppendCertsFromPEM([]byte(m.CACertPEM.ValueString())) {
			diags.AddAttributeError(path.Root("ca_cert_pem"), "Invalid CA certificate",
				"`ca_cert_pem` holds no PEM certificate: give the contents of the CA's certificate file, starting with -----BEGIN CERTIFICATE-----, for example with file(\"ca.pem\").")
		}
	}
	return diags
}

func known(v types.String) bool { return !v.IsNull() && !v.IsUnknown() && v.ValueString() != "" }

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

// providerData is what resources and data sources get from Configure: one
// session, shared, so that a run logs in once.
type providerData struct {
	session *alist.Session
	secrets []string
	key     string // digest of the effective configuration
}

// withMasking returns ctx with the configured secrets masked from every log
// line written through it, as a second line of defence: the client never logs
// them in the first place.
func (d *providerData) withMasking(ctx context.Context) context.Context {
	if len(d.secrets) == 0 {
		return ctx
	}
	ctx = tflog.MaskMessageStrings(ctx, d.secrets...)
	return tflog.MaskAllFieldValuesStrings(ctx, d.secrets...)
}

// operation bounds a resource operation by its timeout (from the timeouts
// block, whose diagnostics it reports) and masks the secrets in its logs.
func (d *providerData) operation(ctx context.Context, timeout func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	t, tdiags := timeout(ctx, def)
	diags.Append(tdiags...)
	return context.WithTimeout(d.withMasking(ctx), t)
}

func newProviderData(ctx context.Context, m *providerModel, userAgent string) (*providerData, diag.Diagnostics) {
	diags := validateProviderModel(m)
	vals := map[string]string{}
	for _, s := range m.stringSettings() {
		switch {
		case s.val.IsUnknown():
			diags.AddAttributeError(path.Root(s.attr), "Unknown value for "+s.attr,
				fmt.Sprintf("The provider cannot be configured because `%s` depends on a value that is not known until apply. "+
					"Set it statically, apply its source first (-target), or use the %s environment variable.", s.attr, s.env))
		case !s.val.IsNull() && s.val.ValueString() != "":
			vals[s.attr] = s.val.ValueString()
		default:
			vals[s.attr] = os.Getenv(s.env)
		}
	}
	if diags.HasError() {
		return nil, diags
	}
	if vals["url"] == "" {
		diags.AddAttributeError(path.Root("url"), "Missing AList URL",
			"Set `url` in the provider block or the ALIST_URL environment variable to the AList site's base URL, e.g. https://files.example.com.")
	} else if _, err := alist.ParseBaseURL(vals["url"]); err != nil {
		diags.AddAttributeError(path.Root("url"), "Invalid AList URL", err.Error()+" (the value came from ALIST_URL or `url`).")
	}
	switch {
	case vals["username"] != "" && vals["password"] == "":
		diags.AddAttributeError(path.Root("password"), "Missing password",
			"`username` is set but `password` is not: set `password` or the ALIST_PASSWORD environment variable.")
	case vals["password"] != "" && vals["username"] == "" && vals["token"] == "":
		diags.AddAttributeError(path.Root("username"), "Missing username",
			"`password` is set but `username` is not: set `username` or the ALIST_USERNAME environment variable.")
	case vals["token"] == "" && vals["username"] == "":
		diags.AddAttributeError(path.Root("username"), "Missing credentials",
			"Set `username` and `password` (or ALIST_USERNAME and ALIST_PASSWORD), or a ready `token` (ALIST_TOKEN).")
	}
	if vals["otp_code"] != "" && vals["otp_secret"] != "" {
		diags.AddAttributeError(path.Root("otp_secret"), "Conflicting 2FA settings",
			"Both a one-time code (`otp_code`/ALIST_OTP_CODE) and a TOTP secret (`otp_secret`/ALIST_OTP_SECRET) are set: keep only `otp_secret`.")
	} else if vals["otp_secret"] != "" {
		if err := alist.ValidateTOTPSecret(vals["otp_secret"]); err != nil {
			diags.AddAttributeError(path.Root("otp_secret"), "Invalid TOTP secret", err.Error()+" (the value came from ALIST_OTP_SECRET or `otp_secret`).")
		}
	}
	if diags.HasError() {
		return nil, diags
	}

	cfg := alist.Config{
		URL: vals["url"], Username: vals["username"], Password: vals["password"],
		OTPCode: vals["otp_code"], OTPSecret: vals["otp_secret"], Token: vals["token"],
		UserAgent:      userAgent,
		RequestTimeout: durationOr(m.RequestTimeout, defaultRequestTimeout),
		RetryMaxWait:   durationOr(m.RetryMaxWait, defaultRetryMaxWait),
		MaxRetries:     defaultMaxRetries,
		Log: func(ctx context.Context, msg string, fields map[string]any) {
			tflog.SubsystemDebug(ctx, "alist", msg, fields)
		},
	}
	if !m.MaxRetries.IsNull() {
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	tlsCfg, tlsDiags := tlsConfig(m)
	diags.Append(tlsDiags...)
	cfg.TLSConfig = tlsCfg

	session, err := alist.NewSession(cfg)
	if err != nil {
		diags.AddError("Invalid provider configuration", err.Error())
		return nil, diags
	}
	data := &providerData{session: session, key: configKey(cfg, m)}
	for _, k := range []string{"password", "otp_code", "otp_secret", "token"} {
		if v := vals[k]; v != "" {
			data.secrets = append(data.secrets, v)
		}
	}
	if vals["password"] != "" {
		data.secrets = append(data.secrets, alist.HashPassword(vals["password"]))
	}
	tflog.Debug(ctx, "AList provider configured", map[string]any{"url": session.URL(), "username": vals["username"], "auth": authKind(vals)})
	return data, diags
}

// configKey identifies an effective configuration without keeping its secrets.
func configKey(cfg alist.Config, m *providerModel) string {
	h := sha256.New()
	for _, v := range []string{cfg.URL, cfg.Username, cfg.Password, cfg.OTPCode, cfg.OTPSecret, cfg.Token,
		cfg.RequestTimeout.String(), cfg.RetryMaxWait.String(), strconv.Itoa(cfg.MaxRetries), m.CACertPEM.ValueString(), strconv.FormatBool(m.InsecureSkipVerify.ValueBool())} {
		h.Write([]byte(v))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func authKind(vals map[string]string) string {
	var parts []string
	if vals["token"] != "" {
		parts = append(parts, "token")
	}
	if vals["username"] != "" {
		parts = append(parts, "password")
	}
	if vals["otp_secret"] != "" {
		parts = append(parts, "totp-secret")
	} else if vals["otp_code"] != "" {
		parts = append(parts, "otp-code")
	}
	return strings.Join(parts, "+")
}

func durationOr(v types.String, def time.Duration) time.Duration {
	if !known(v) {
		return def
	}
	d, err := parsePositiveDuration(v.ValueString())
	if err != nil {
		return def // reported by validateProviderModel
	}
	return d
}

func tlsConfig(m *providerModel) (*tls.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	insecure := m.InsecureSkipVerify.ValueBool()
	if !known(m.CACertPEM) && !insecure {
		return nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if known(m.CACertPEM) {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		pool.AppendCertsFromPEM([]byte(m.CACertPEM.ValueString()))
		cfg.RootCAs = pool
	}
	if insecure {
		cfg.InsecureSkipVerify = true //nolint:gosec // the user asked for it, and is warned.
		diags.AddAttributeWarning(path.Root("insecure_skip_verify"), "TLS verification is off",
			"`insecure_skip_verify = true`: the server's certificate is not checked, so anyone on the network path can impersonate it and read the credentials. "+
				"Trust the server's CA with `ca_cert_pem` instead.")
	}
	return cfg, diags
}
