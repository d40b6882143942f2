package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// providerData is what resources and data sources get from Configure: one
// session, shared, so that a run logs in once.
type providerData struct {
	session *alist.Session
	secrets []string
	key     string // digest of the effective configuration
}

func newProviderData(ctx context.Context, s *settings, userAgent string) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	session, err := alist.NewSession(s.clientConfig(userAgent))
	if err != nil {
		diags.AddError("Invalid provider configuration", err.Error())
		return nil, diags
	}
	tflog.Debug(ctx, "AList provider configured", map[string]any{"url": session.URL(), "username": s.username.value, "auth": s.authKind()})
	return &providerData{session: session, secrets: s.secrets(), key: s.key()}, diags
}

// configureData extracts the provider data handed to a resource or data source.
func configureData(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil // provider not configured yet (validation); framework calls again
	}
	d, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T: this is a bug in the provider, please report it", raw))
		return nil
	}
	return d
}

// apiLogSubsystem is the log subsystem of the API client's lines (one per
// call and per retry); TF_LOG_PROVIDER_ALIST_API sets its level alone.
const apiLogSubsystem = "api"

func logAPICall(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemDebug(ctx, apiLogSubsystem, msg, fields)
}

// requestContext prepares the context of one RPC, where every call to the
// server starts: the API log subsystem exists (a subsystem used before it is
// created logs a framework warning on every line), and the configured
// secrets are masked on both loggers, as a second line of defence: the
// client never logs them in the first place.
func (d *providerData) requestContext(ctx context.Context) context.Context {
	ctx = tflog.NewSubsystem(ctx, apiLogSubsystem, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_ALIST", apiLogSubsystem))
	if len(d.secrets) == 0 {
		return ctx
	}
	ctx = tflog.MaskMessageStrings(ctx, d.secrets...)
	ctx = tflog.MaskAllFieldValuesStrings(ctx, d.secrets...)
	ctx = tflog.SubsystemMaskMessageStrings(ctx, apiLogSubsystem, d.secrets...)
	return tflog.SubsystemMaskAllFieldValuesStrings(ctx, apiLogSubsystem, d.secrets...)
}

// operation is requestContext bounded by the operation's timeout (from the
// timeouts block, whose diagnostics it reports).
func (d *providerData) operation(ctx context.Context, timeout func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	t, tdiags := timeout(ctx, def)
	diags.Append(tdiags...)
	return context.WithTimeout(d.requestContext(ctx), t)
}
