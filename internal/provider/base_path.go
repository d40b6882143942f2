package provider

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// basePathNote is what a resource's `path` says about accounts with a base path.
const basePathNote = "For an account with a base path, AList v3.38 and OpenList place this path below the base path, while AList v3.62 takes it as an absolute path: see the provider's documentation."

// placedPath is where the server puts a path the account sends: below the
// account's base path on AList v3.38 and OpenList, as it is on AList v3.62
// (since AlistGo/alist#9249 a path starting with "/" is absolute there).
func placedPath(info alist.ServerInfo, basePath, p string) string {
	if info.AbsoluteUserPaths() || basePath == "" || basePath == "/" {
		return p
	}
	return path.Join(basePath, p)
}

// repeatsBasePath reports whether a configured path already starts with the
// account's base path on a server that will prefix it again: almost always a
// path written for v3.62 or for another account.
func repeatsBasePath(info alist.ServerInfo, basePath, p string) bool {
	if placedPath(info, basePath, p) == p {
		return false
	}
	base := strings.TrimSuffix(basePath, "/")
	return p == base || strings.HasPrefix(p, base+"/")
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
			me.Username, me.BasePath, info.Kind(), info.Version, p, placedPath(info, me.BasePath, p),
			"/"+strings.TrimPrefix(strings.TrimPrefix(p, strings.TrimSuffix(me.BasePath, "/")), "/"), p))
}
