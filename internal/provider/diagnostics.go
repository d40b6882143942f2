package provider

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// addAPIError turns a client error into one diagnostic whose detail says what
// to do next. It is the only place that knows the error kinds' remedies.
func addAPIError(diags *diag.Diagnostics, attr path.Path, summary string, err error) {
	detail := withRemedy(err.Error(), err)
	if attr.Equal(path.Empty()) {
		diags.AddError(summary, detail)
		return
	}
	diags.AddAttributeError(attr, summary, detail)
}

// withRemedy is detail, about err, followed by err's remedy if it has one.
func withRemedy(detail string, err error) string {
	if hint := remedy(err); hint != "" {
		return detail + "\n\n" + hint
	}
	return detail
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
		if noStorage(err) {
			return "No AList storage is mounted at the start of this path: its first folder must be a storage's mount path (see AList's Storages page), e.g. /local/…."
		}
		if ae := (*alist.APIError)(nil); errors.As(err, &ae) && strings.HasPrefix(ae.Op, "share/") {
			return "The share is not among the account's shares: deleted in the web UI (apply again to create it), or another account's (AList v3.62 shows each account its own shares only, admins included: sign the provider in as its owner)."
		}
		return notFoundAdvice
	case errors.Is(err, alist.ErrLockedOut):
		return "Wait at least 5 minutes without retrying, then check the credentials."
	}
	return ""
}

// noStorage reports an answer about a path on no storage: none is mounted
// there, or it is disabled (the servers answer both alike, "storage not
// found").
func noStorage(err error) bool {
	var ae *alist.APIError
	return errors.As(err, &ae) && containsFold(ae.Message, "storage not found")
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

// didYouMean suggests what a mistyped name may have meant: the names that
// are the same but for case and separators, within two edits, or that
// contain it; failing those, the ones that share a word of four letters or
// more with it. Empty when there are none, or too many to help.
func didYouMean(s string, names []string) string {
	fold := func(x string) string {
		return strings.ToLower(strings.NewReplacer(" ", "", "_", "", "-", "").Replace(x))
	}
	var near []string
	for _, n := range names {
		if fold(n) == fold(s) || len(s) >= 4 && editDistance(s, n) <= 2 || len(s) >= 3 && strings.Contains(fold(n), fold(s)) {
			near = append(near, n)
		}
	}
	if len(near) == 0 {
		for _, n := range names {
			for _, w := range strings.Split(s, "_") {
				if len(w) >= 4 && strings.Contains(n, w) && !slices.Contains(near, n) {
					near = append(near, n)
				}
			}
		}
	}
	if len(near) == 0 || len(near) > 6 {
		return ""
	}
	for i, n := range near {
		near[i] = strconv.Quote(n)
	}
	return " Did you mean " + strings.Join(near, " or ") + "?"
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
