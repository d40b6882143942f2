package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/proctune"
)

// providerData is what resources and data sources get from Configure: one
// session, shared, so that a run logs in once.
type providerData struct {
	session *alist.Session
	secrets []string
	key     string          // digest of the effective configuration
	walks   prefetchedWalks // directory_mirror_plan.go
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

// resourceBase and dataSourceBase are embedded by every resource and data
// source: Configure, once, hands them the provider's data.
type resourceBase struct{ data *providerData }

func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.data = configureData(req.ProviderData, &resp.Diagnostics)
}

type dataSourceBase struct{ data *providerData }

func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.data = configureData(req.ProviderData, &resp.Diagnostics)
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
// call and per retry); proctune.APILogEnv sets its level alone.
const apiLogSubsystem = proctune.APILogSubsystem

func logAPICall(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemDebug(ctx, apiLogSubsystem, msg, fields)
}

// requestContext prepares the context of one RPC, where every call to the
// server starts: the API log subsystem exists (a subsystem used before it is
// created logs a framework warning on every line), and the configured
// secrets are masked on both loggers, as a second line of defence: the
// client never logs them in the first place.
func (d *providerData) requestContext(ctx context.Context) context.Context {
	ctx = tflog.NewSubsystem(ctx, apiLogSubsystem, tflog.WithLevelFromEnv(proctune.ProviderLogEnv, apiLogSubsystem))
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

// requireAdmin reports whether the provider's account is an admin. If it is
// not, it adds one error that names the resource type and the account,
// instead of letting each admin call fail with a bare 403.
func (d *providerData) requireAdmin(ctx context.Context, typeName string, diags *diag.Diagnostics) bool {
	me, err := d.session.CachedMe(ctx)
	if err != nil {
		addAPIError(diags, tfpath.Empty(), "Cannot read the provider's AList account", err)
		return false
	}
	if me.IsAdmin() {
		return true
	}
	diags.AddError(typeName+" needs an AList admin account",
		fmt.Sprintf("%s is managed through AList's admin API, which answers admins only, and the provider is signed in as %q, which is not an admin.\n\n%s",
			typeName, me.Username, adminAdvice))
	return false
}

// adminAdvice is the one wording of how to get an admin session.
const adminAdvice = "Configure the provider with an admin's `username` and `password`, or with the admin `token` (AList's Settings > Other page). " +
	"To keep a least-privilege account for files, give the admin resources their own provider block with an alias."

// serverInfo is the server's version and dialect (asked once per run); ok
// is false, with the error added, when it cannot be read.
func (d *providerData) serverInfo(ctx context.Context, diags *diag.Diagnostics) (alist.ServerInfo, bool) {
	info, err := d.session.Info(ctx)
	if err != nil {
		addAPIError(diags, tfpath.Empty(), "Cannot read the server's version", err)
		return info, false
	}
	return info, true
}

// driverInfo is a driver's field list, asked once per run; an unknown driver
// is an error on `driver` that lists the server's drivers.
func (d *providerData) driverInfo(ctx context.Context, name string, diags *diag.Diagnostics) *alist.DriverInfo {
	info, err := d.session.Driver(ctx, name)
	if err == nil {
		return info
	}
	if !errors.Is(err, alist.ErrNotFound) {
		addAPIError(diags, tfpath.Root("driver"), "Cannot read the driver's settings", err)
		return nil
	}
	names, nerr := d.session.DriverNames(ctx)
	if nerr != nil {
		addAPIError(diags, tfpath.Root("driver"), "Unknown storage driver", err)
		return nil
	}
	diags.AddAttributeError(tfpath.Root("driver"), "Unknown storage driver",
		fmt.Sprintf("This server has no driver %q.%s Its drivers (names are case-sensitive): %s.", name, didYouMean(name, names), strings.Join(names, ", ")))
	return nil
}

// requireRoles adds the one error of a server without roles.
func (d *providerData) requireRoles(ctx context.Context, diags *diag.Diagnostics) bool {
	info, ok := d.serverInfo(ctx, diags)
	if !ok {
		return false
	}
	if !info.HasRoles() {
		diags.AddError("This server has no roles",
			fmt.Sprintf("Roles exist only on AList v3.46 and later; this server is %s, which gives each account its permissions: use alist_user's `permissions` instead of alist_role.", info))
		return false
	}
	return true
}

// settingItem reads a setting, or adds an error that names the near keys.
func (d *providerData) settingItem(ctx context.Context, key string, diags *diag.Diagnostics) *alist.Setting {
	item, err := d.session.Setting(ctx, key)
	if err == nil {
		return item
	}
	if !errors.Is(err, alist.ErrNotFound) {
		addAPIError(diags, tfpath.Root("key"), "Cannot read the setting", err)
		return nil
	}
	all, lerr := d.session.Settings(ctx, -1)
	hint := ""
	if lerr == nil {
		var keys []string
		for _, it := range all {
			keys = append(keys, it.Key)
		}
		hint = didYouMean(key, keys)
	}
	diags.AddAttributeError(tfpath.Root("key"), "Unknown setting",
		fmt.Sprintf("This server has no setting %q.%s The data source alist_settings lists them; keys differ between versions.", key, hint))
	return nil
}

// warnBasePath adds a warning when the server places the new object at p
// somewhere else than the configuration suggests. It needs the account
// (cached for the run). At plan time it speaks only when the session is
// logged in already (a refresh or a data source did it): a plan that only
// creates never logs in, and one login per run matters more; the create
// itself then warns. A login the server rejects is reported here, since
// no later call would explain it.
func (d *providerData) warnBasePath(ctx context.Context, attr tfpath.Path, p string, atPlan bool, diags *diag.Diagnostics) {
	if atPlan && !d.session.HasToken() {
		return
	}
	ctx = d.requestContext(ctx)
	me, err := d.session.CachedMe(ctx)
	var le *alist.LoginError
	if errors.As(err, &le) {
		addAPIError(diags, tfpath.Empty(), "Cannot log in to the AList server", err)
		return
	}
	if err != nil {
		return // the apply meets the same failure and explains it
	}
	info, err := d.session.Info(ctx)
	if err != nil || !repeatsBasePath(info, me.BasePath, p) {
		return
	}
	diags.AddAttributeWarning(attr, "The path repeats the account's base path",
		fmt.Sprintf("The account %q has the base path %q, and this server (%s %s) places every path the account sends below it, "+
			"so %q is placed at %q. Write the path relative to the base path (%q) to place it at %q.",
			me.Username, me.BasePath, info.Kind(), info.Version, p, info.PlacedPath(me.BasePath, p),
			"/"+strings.TrimPrefix(strings.TrimPrefix(p, strings.TrimSuffix(me.BasePath, "/")), "/"), p))
}

// planPath plans the id of a resource identified by its remote path, and
// for a new one warns when the server will place it elsewhere.
func (d *providerData) planPath(ctx context.Context, id *types.String, p types.String, isNew bool, diags *diag.Diagnostics) {
	if p.IsUnknown() || p.IsNull() {
		return
	}
	*id = p
	if isNew && d != nil {
		d.warnBasePath(ctx, tfpath.Root("path"), p.ValueString(), true, diags)
	}
}
