package provider

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// List resources (Terraform >= 1.14, `terraform query`): each lists the
// server's objects of one resource type, by the identity and display name
// of the resource, and with include_resource the resource object an import
// followed by a refresh would put in state, through the same code. What a
// list block's config filters is applied here: the admin lists take no
// filter.

// listPageSize is how many rows one request of a paged admin list asks for.
var listPageSize = 100

// listSpec is one list resource's stream: rows page by page, those keep
// takes, each named by name (the identity's value and the display name).
type listSpec[T any] struct {
	what  string // the objects, plural, for messages: "storages"
	id    identity
	pages iter.Seq2[[]T, error]
	keep  func(*T) bool
	name  func(*T) string
	// object is the resource object of a row (include_resource) as import
	// and refresh make it, or nil (with an error added) when it cannot be
	// made; diags are the result's (an import's warnings).
	object func(ctx context.Context, row *T, diags *diag.Diagnostics) any
}

// results streams the rows as list results, up to the request's limit. A
// page that fails ends the stream with a result that says so.
func (s listSpec[T]) results(ctx context.Context, req list.ListRequest) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		var n int64
		for rows, err := range s.pages {
			if err != nil {
				detail := withRemedy(fmt.Sprintf("Reading the server's %s failed at %s", s.what, err), err)
				var diags diag.Diagnostics
				diags.AddError("The list of "+s.what+" is incomplete", detail+fmt.Sprintf("\n\nThe list stops here, after %d result(s); the rest were not read. "+
					"Run the query again once the server answers (a transient failure was already retried up to the provider's max_retries).", n))
				push(list.ListResult{Diagnostics: diags})
				return
			}
			for i := range rows {
				row := &rows[i]
				if !s.keep(row) {
					continue
				}
				if !push(s.result(ctx, req, row)) {
					return
				}
				if n++; req.Limit > 0 && n >= req.Limit {
					return
				}
			}
		}
	}
}

func (s listSpec[T]) result(ctx context.Context, req list.ListRequest, row *T) list.ListResult {
	r := req.NewListResult(ctx)
	r.DisplayName = s.name(row)
	r.Diagnostics.Append(s.id.set(ctx, r.Identity, r.DisplayName)...)
	if !req.IncludeResource {
		return r
	}
	if m := s.object(ctx, row, &r.Diagnostics); m != nil {
		r.Diagnostics.Append(r.Resource.Set(ctx, m)...)
		withoutSecrets(r.Resource, r.DisplayName, &r.Diagnostics)
	}
	return r
}

// withoutSecrets nulls the resource object's sensitive attributes (a
// meta's password, a secret setting's sensitive_value), which a list
// result carries only to be named here: an import never reads them, a
// list result is printed whole by `terraform query -json`, and a
// generated configuration says null for them anyway.
// A warning names those that held a value, for the configuration to set.
func withoutSecrets(res *tfsdk.Resource, name string, diags *diag.Diagnostics) {
	attrs := res.Schema.GetAttributes()
	var dropped []string
	raw, err := tftypes.Transform(res.Raw, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		steps := p.Steps()
		if len(steps) != 1 {
			return v, nil
		}
		an, ok := steps[0].(tftypes.AttributeName)
		if a := attrs[string(an)]; !ok || a == nil || !a.IsSensitive() || v.IsNull() {
			return v, nil
		}
		var s string
		if v.Type().Is(tftypes.String) && v.As(&s) == nil && s == "" {
			return v, nil // nothing secret in it
		}
		dropped = append(dropped, string(an))
		return tftypes.NewValue(v.Type(), nil), nil
	})
	if err != nil {
		diags.AddError("Cannot leave the secrets out of the list result", err.Error())
		return
	}
	res.Raw = raw
	if len(dropped) > 0 {
		slices.Sort(dropped)
		diags.AddWarning(name+": secrets are not listed",
			fmt.Sprintf("%s holds a secret in %s, which the list leaves out (as a generated configuration does). Set it in the configuration, from a variable, before applying.",
				name, quoteList(dropped)))
	}
}

// listError is a list that cannot start: one result with the error.
func listError(stream *list.ListResultsStream, diags diag.Diagnostics) {
	stream.Results = list.ListResultsStreamDiagnostics(diags)
}

// startList reads a list block's config into c and checks the account is
// an admin; ok is false when the stream already holds the error.
func startList(ctx context.Context, b resourceBase, typeName string, req list.ListRequest, c any, stream *list.ListResultsStream) (context.Context, bool) {
	ctx, ok := startListAny(ctx, b, typeName, req, c, stream)
	if !ok {
		return ctx, false
	}
	var diags diag.Diagnostics
	if !b.data.requireAdmin(ctx, "list."+typeName, &diags) {
		listError(stream, diags)
		return ctx, false
	}
	return ctx, true
}

// startListAny is startList for a list any account may ask for.
func startListAny(ctx context.Context, b resourceBase, typeName string, req list.ListRequest, c any, stream *list.ListResultsStream) (context.Context, bool) {
	var diags diag.Diagnostics
	if diags.Append(req.Config.Get(ctx, c)...); diags.HasError() {
		listError(stream, diags)
		return ctx, false
	}
	if b.data == nil {
		diags.AddError("The provider is not configured", "The list of "+typeName+" needs the provider's connection to the server: this is a bug in the provider, please report it.")
		listError(stream, diags)
		return ctx, false
	}
	return b.data.requestContext(ctx), true
}

// underFolder is a folder-aware prefix filter: "/media" takes /media and
// /media/x, not /mediax; null takes everything.
func underFolder(folder string, null bool) func(string) bool {
	return func(p string) bool { return null || within(p, folder) }
}

// hasPrefix is a plain prefix filter; null takes everything.
func hasPrefix(prefix string, null bool) func(string) bool {
	return func(s string) bool { return null || strings.HasPrefix(s, prefix) }
}
