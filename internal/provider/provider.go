// Package provider is the Terraform provider for AList / OpenList servers.
package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ provider.ProviderWithValidateConfig = (*alistProvider)(nil)
	_ provider.ProviderWithListResources  = (*alistProvider)(nil)
)

type alistProvider struct {
	version string

	// Terraform configures a provider instance once per graph walk (plan,
	// then apply). Keeping the session for an unchanged configuration makes
	// the instance log in once, not once per walk.
	mu      sync.Mutex
	configs map[string]*providerData

	// configured, if set, sees every providerData handed out (tests count logins per session).
	configured func(*providerData)
}

// New returns the provider factory for providerserver.Serve and the tests.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &alistProvider{version: version} }
}

// providerModel is the provider block.
type providerModel struct {
	URL                types.String `tfsdk:"url"`
	Username           types.String `tfsdk:"username"`
	Password           types.String `tfsdk:"password"`
	OTPCode            types.String `tfsdk:"otp_code"`
	OTPSecret          types.String `tfsdk:"otp_secret"`
	Token              types.String `tfsdk:"token"`
	RequestTimeout     types.String `tfsdk:"request_timeout"`
	MaxRetries         types.Int64  `tfsdk:"max_retries"`
	RetryMaxWait       types.String `tfsdk:"retry_max_wait"`
	CACertPEM          types.String `tfsdk:"ca_cert_pem"`
	InsecureSkipVerify types.Bool   `tfsdk:"insecure_skip_verify"`
}

func (p *alistProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "alist"
	resp.Version = p.version
}

func (p *alistProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages files on an [AList](https://github.com/alist-org/alist) v3 or [OpenList](https://github.com/OpenListTeam/OpenList) v4 server. " +
			"The provider logs in once per run, lazily, and shares that session with every resource and data source.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Base URL of the AList site, e.g. `https://files.example.com` or `https://example.com/alist` behind a reverse proxy with a path prefix. " +
					"Required; may instead come from the `ALIST_URL` environment variable.",
			},
			"username": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "User to log in as, with `password`. Environment variable: `ALIST_USERNAME`.",
			},
			"password": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "Password of `username`. Only a salted SHA-256 of it is sent (`/api/auth/login/hash`). Environment variable: `ALIST_PASSWORD`.",
			},
			"otp_code": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "A one-time 2FA code, for an account with two-factor authentication. A code lives about a minute, so it rarely survives from `plan` to `apply`: " +
					"prefer `otp_secret` in pipelines. Conflicts with `otp_secret`. Environment variable: `ALIST_OTP_CODE`.",
			},
			"otp_secret": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "The base32 TOTP secret of an account with two-factor authentication (shown when 2FA was enabled). A fresh code is derived at each login. " +
					"Conflicts with `otp_code`. Environment variable: `ALIST_OTP_SECRET`.",
			},
			"token": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "A ready token instead of `username`/`password`: a login JWT or the server's permanent admin token (`alist-…`/`openlist-…`). " +
					"A token cannot be renewed: when it expires the provider reports it. Environment variable: `ALIST_TOKEN`.",
			},
			"request_timeout": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Time limit of one API call other than an upload (uploads are bounded by the resource's `timeouts`), as a Go duration such as `30s` or `2m`. Default `60s`.",
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How many times a call that failed transiently (HTTP 5xx other than 501, dropped connection, timeout) is retried, with exponential backoff and jitter. " +
					"Logins and errors the server answered deliberately are never retried. Default `4`; `0` disables retries.",
			},
			"retry_max_wait": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Longest wait between two retries, as a Go duration. Default `10s`.",
			},
			"ca_cert_pem": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "PEM-encoded CA certificate(s) to trust in addition to the system's, for a server with a certificate from a private CA.",
			},
			"insecure_skip_verify": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Skip TLS certificate verification. Insecure: anyone on the path can read the credentials. Use `ca_cert_pem` instead where possible. " +
					"Default `false`.",
			},
		},
	}
}

func (p *alistProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The configuration alone: the environment may differ at apply.
	resp.Diagnostics.Append(resolveSettings(&m, false).check(false)...)
}

func (p *alistProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s := resolveSettings(&m, true)
	resp.Diagnostics.Append(s.check(true)...)
	if resp.Diagnostics.HasError() {
		return
	}
	data, diags := p.providerData(ctx, s, req.TerraformVersion)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
}

// providerData returns the session for these settings, reusing the one an
// earlier walk of the same process made.
func (p *alistProvider) providerData(ctx context.Context, s *settings, tfVersion string) (*providerData, diag.Diagnostics) {
	p.mu.Lock()
	defer p.mu.Unlock()
	data, ok := p.configs[s.key()]
	var diags diag.Diagnostics
	if !ok {
		if data, diags = newProviderData(ctx, s, p.userAgent(tfVersion)); diags.HasError() {
			return nil, diags
		}
		if p.configs == nil {
			p.configs = map[string]*providerData{}
		}
		p.configs[data.key] = data
	}
	if p.configured != nil {
		p.configured(data)
	}
	return data, diags
}

func (p *alistProvider) userAgent(tfVersion string) string {
	ua := "terraform-provider-alist/" + p.version
	if tfVersion != "" {
		ua += " Terraform/" + tfVersion
	}
	return ua
}

func (p *alistProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{newFileResource, newDirectoryResource, newDirectorySyncResource, newDirectoryMirrorResource, newStorageResource, newMetaResource, newUserResource, newRoleResource, newSettingResource, newShareResource}
}

func (p *alistProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newFileDataSource, newFilesDataSource, newMeDataSource, newServerDataSource, newStoragesDataSource, newDriverDataSource, newUsersDataSource, newSettingsDataSource, newMetasDataSource, newRolesDataSource, newSharesDataSource}
}

// ListResources answer `terraform query` (Terraform >= 1.14). The file
// resources have none: their configuration names local files a listing of
// the server cannot know.
func (p *alistProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{newStorageList, newMetaList, newUserList, newRoleList, newSettingList, newShareList}
}
