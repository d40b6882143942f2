package provider

import (
	"fmt"
	"slices"
	"strings"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// Permission bits by name, per dialect: bits 0-9
// are common; v3.62's roles and OpenList give 10-16 different meanings.
var (
	basePermissions = []string{"see_hidden", "access_without_password", "offline_download", "write", "rename", "move", "copy", "remove", "webdav_read", "webdav_manage"}
	// v3.62 (role scopes): 14 restricts the role to its scope paths, 15-16 are the MCP server's.
	rolePermissions = append(slices.Clone(basePermissions), "ftp_read", "ftp_manage", "read_archives", "decompress", "path_limit", "mcp_read", "mcp_write")
	// OpenList: 14 shares, 15 custom share ids.
	openListPermissions = append(slices.Clone(basePermissions), "ftp_read", "ftp_manage", "read_archives", "decompress", "share", "custom_share_id")
)

// permissionTable is the bit names of a server's dialect.
func permissionTable(info alist.ServerInfo) []string {
	switch {
	case info.IsOpenList():
		return openListPermissions
	case info.HasRoles():
		return rolePermissions
	}
	return basePermissions
}

// permissionNames are the set bits' names; a bit the table lacks is bit_N.
func permissionNames(table []string, bits int32) []string {
	names := []string{}
	for i := range 32 {
		if bits&(1<<i) == 0 {
			continue
		}
		if i < len(table) {
			names = append(names, table[i])
		} else {
			names = append(names, fmt.Sprintf("bit_%d", i))
		}
	}
	return names
}

// permissionBits is the bits of names; a name the table lacks is an error
// that lists the valid ones for this server.
func permissionBits(table []string, names []string, server string) (int32, error) {
	var bits int32
	for _, n := range names {
		i := slices.Index(table, n)
		if i < 0 {
			return 0, fmt.Errorf("%q is not a permission of %s; its permissions are: %s", n, server, strings.Join(table, ", "))
		}
		bits |= 1 << i
	}
	return bits, nil
}

// namedMask is the bits a table names. An account's other bits (set by
// another tool, or by a later version) are not shown in `permissions` and
// are kept by updates.
func namedMask(table []string) int32 { return int32(1)<<len(table) - 1 }
