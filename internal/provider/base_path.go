package provider

import (
	"strings"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// basePathNote is what a resource's `path` says about accounts with a base path.
const basePathNote = "For an account with a base path, AList v3.38 and OpenList place this path below the base path, while AList v3.62 takes it as an absolute path: see the provider's documentation."

// repeatsBasePath reports whether a configured path already starts with the
// account's base path on a server that will prefix it again: almost always a
// path written for v3.62 or for another account.
func repeatsBasePath(info alist.ServerInfo, basePath, p string) bool {
	if info.PlacedPath(basePath, p) == p {
		return false
	}
	return within(p, basePath)
}

// within reports whether path p is folder itself or lies below it.
func within(p, folder string) bool {
	folder = strings.TrimSuffix(folder, "/")
	return p == folder || strings.HasPrefix(p, folder+"/")
}
