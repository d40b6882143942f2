package provider

import (
	"context"
	"errors"
	"fmt"
	"path"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// remotePathValidator refuses, at plan time, a remote path the server would
// refuse or that would give one file two ids in state.
type remotePathValidator struct{}

func (remotePathValidator) Description(context.Context) string {
	return "an absolute path without empty, \".\" or \"..\" segments, trailing slash or control characters"
}

func (v remotePathValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (remotePathValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := alist.ValidatePath(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid remote path", err.Error()+".")
	}
}

// base64Validator refuses content_base64 that does not decode.
type base64Validator struct{}

func (base64Validator) Description(context.Context) string { return "standard base64" }

func (v base64Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (base64Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := decodeBase64(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid base64", err.Error()+".")
	}
}

// mountPathValidator refuses a path the server would store in another
// form (FixAndCleanPath), suggesting that form: state must match what is
// stored. allowRoot: "/" is valid (a meta of the whole site; a storage
// needs a path below it).
type mountPathValidator struct{ allowRoot bool }

func (mountPathValidator) Description(context.Context) string {
	return "a path as the server stores it: a leading slash, no trailing slash, no empty, \".\" or \"..\" segments"
}

func (v mountPathValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v mountPathValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	p := req.ConfigValue.ValueString()
	switch n := alist.NormalizeMountPath(p); {
	case n == "/" && !v.allowRoot:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid mount path", fmt.Sprintf("%q is the site's root: a storage needs a path below it, e.g. /media.", p))
	case n != p:
		resp.Diagnostics.AddAttributeError(req.Path, "Path not in the server's form",
			fmt.Sprintf("The server stores %q as %q. Write %s = %q.", p, n, req.Path, n))
	}
}

// globValidator refuses a pattern parseGlob cannot use, at plan time.
type globValidator struct{}

func (globValidator) Description(context.Context) string {
	return "a glob pattern relative to source_dir (`*`, `?`, `[…]`, `**` segments)"
}

func (v globValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (globValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseGlob(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid glob pattern", fmt.Sprintf("%s.", err))
	}
}

// hidePatternsValidator refuses, at plan, a hide pattern that cannot
// compile. The server uses .NET-style regexp2, which Go's parser does not
// fully know: lookarounds and backreferences are let through, only the
// errors both would report are refused (a missing parenthesis or bracket,
// a repeat of nothing, a bad range, a trailing backslash).
type hidePatternsValidator struct{}

func (hidePatternsValidator) Description(context.Context) string {
	return "regular expressions that compile"
}

func (v hidePatternsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (hidePatternsValidator) ValidateList(ctx context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for i, el := range req.ConfigValue.Elements() {
		s, ok := el.(types.String)
		if !ok || s.IsUnknown() || s.IsNull() {
			continue
		}
		if err := checkHidePattern(s.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(req.Path.AtListIndex(i), "Invalid hide pattern", err.Error())
		}
	}
}

func checkHidePattern(p string) error {
	if p == "" || strings.ContainsAny(p, "\r\n") {
		return fmt.Errorf("%q: each list element is one pattern, non-empty and on one line", p)
	}
	_, err := syntax.Parse(p, syntax.Perl)
	var se *syntax.Error
	if errors.As(err, &se) {
		switch se.Code {
		case syntax.ErrInvalidPerlOp, syntax.ErrInvalidEscape, syntax.ErrInvalidNamedCapture, syntax.ErrLarge, syntax.ErrNestingDepth:
			return nil // valid for regexp2, or only too big for Go
		}
		return fmt.Errorf("%q does not compile (%s); the server refuses it", p, se.Code)
	}
	return nil
}

// valueError says why s, a value as Terraform holds it (a string), is not a
// value of a field of type typ, a driver field's or a setting's; choices
// are a select's. nil when it is one.
func valueError(typ string, choices []string, s string) error {
	switch typ {
	case "bool":
		if s != "true" && s != "false" {
			return fmt.Errorf("is a true/false setting, got %q", s)
		}
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		if _, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err != nil {
			return fmt.Errorf("is a whole number, got %q", s)
		}
	case "number", "float32", "float64":
		if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil {
			return fmt.Errorf("is a number, got %q", s)
		}
	case "select":
		if s != "" && !slices.Contains(choices, s) {
			return fmt.Errorf("must be one of %s, got %q", quoteList(choices), s)
		}
	}
	return nil
}

// keyPatternValidator refuses, at plan, a glob path.Match cannot use.
type keyPatternValidator struct{}

func (keyPatternValidator) Description(context.Context) string {
	return "a glob: `*` any run of characters, `?` one character, `[…]` one of a set"
}

func (v keyPatternValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (keyPatternValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := path.Match(req.ConfigValue.ValueString(), ""); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid glob pattern",
			fmt.Sprintf("%q is not a valid pattern (%s): `*` matches any run of characters, `?` one character, `[abc]` one of a set; close every `[`.", req.ConfigValue.ValueString(), err))
	}
}

// shareIDValidator refuses at plan what neither server takes; the narrower
// AList v3.62 pattern is checked in ModifyPlan, which knows the server.
type shareIDValidator struct{}

func (shareIDValidator) Description(context.Context) string {
	return "letters, digits, `_`, `-` or CJK characters, 1 to 64"
}

func (v shareIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (shareIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if s := req.ConfigValue.ValueString(); !olShareID.MatchString(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid share id",
			fmt.Sprintf("%q: a share id is 1 to 64 letters, digits, `_`, `-` or CJK characters (AList v3.62: 1 to 32 ASCII letters, digits, `_` or `-`). Leave `share_id` out to get a random one.", s))
	}
}

// rfc3339Validator refuses a time that is not RFC 3339 with a zone, which
// OpenList takes only (AList v3.62 would read a zoneless time in the
// server's own time zone).
type rfc3339Validator struct{}

func (rfc3339Validator) Description(context.Context) string {
	return "an RFC 3339 time with a time zone, e.g. 2030-01-31T18:00:00Z"
}

func (v rfc3339Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v rfc3339Validator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid time",
			fmt.Sprintf("%q is not %s (Terraform's timestamp() and timeadd() give such times).", req.ConfigValue.ValueString(), v.Description(ctx)))
	}
}
