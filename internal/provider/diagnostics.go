package provider

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// addAPIError turns a client error into one diagnostic whose detail says what
// to do next. It is the only place that knows the error kinds' remedies.
func addAPIError(diags *diag.Diagnostics, attr path.Path, summary string, err error) {
	detail := err.Error()
	if hint := remedy(err); hint != "" {
		detail += "\n\n" + hint
	}
	if attr.Equal(path.Empty()) {
		diags.AddError(summary, detail)
		return
	}
	diags.AddAttributeError(attr, summary, detail)
}

func remedy(err error) string {
	var le *alist.LoginError
	var pe *alist.PriorLoginError
	switch {
	case errors.As(err, &pe):
		return ""
	case errors.As(err, &le):
		return "Check `username`/`password` (ALIST_USERNAME/ALIST_PASSWORD), `otp_secret`/`otp_code` or `token` in the provider configuration."
	case errors.Is(err, alist.ErrSessionExpired), errors.Is(err, alist.ErrNotAPI):
		return "" // the message already says what to do
	case errors.Is(err, context.DeadlineExceeded):
		return "The operation ran out of time: raise the resource's `timeouts` (uploads) or the provider's `request_timeout` (other calls), or check the server's health."
	case errors.Is(err, alist.ErrParentIsFile):
		return "A folder in the path already exists as a file on the server: choose another path, or remove that file."
	case errors.Is(err, alist.ErrNotAdmin):
		return "AList's admin API answers admins only. " + adminAdvice
	case errors.Is(err, alist.ErrInUse):
		return "AList v3.62 keeps a storage while a user's base path or a role's permission scope lies in it. " +
			"Change or remove those users and roles first (in Terraform: make them depend on the storage, so that they are destroyed before it), then apply again."
	case errors.Is(err, alist.ErrPermissionDenied):
		return "The account lacks a permission for this path: uploading needs \"make dir and upload\", deleting needs \"remove\", refreshing a cached folder needs write access. " +
			"Ask an AList admin to grant it (Users page), or use another account."
	case errors.Is(err, alist.ErrNotFound):
		var ae *alist.APIError
		if errors.As(err, &ae) && containsFold(ae.Message, "storage not found") {
			return "No AList storage is mounted at the start of this path: its first folder must be a storage's mount path (see AList's Storages page), e.g. /local/…."
		}
		return notFoundAdvice
	case errors.Is(err, alist.ErrLockedOut):
		return "Wait at least 5 minutes without retrying, then check the credentials."
	}
	return ""
}

// notFoundAdvice is the one wording of "nothing at this path".
const notFoundAdvice = "Nothing exists at this path on the server: check the path, which starts with a storage's mount path, e.g. /local/…."

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// readSummary is the summary of a failed read: "No such file or folder"
// when nothing is there, else the caller's.
func readSummary(err error, other string) string {
	if errors.Is(err, alist.ErrNotFound) {
		return "No such file or folder"
	}
	return other
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
