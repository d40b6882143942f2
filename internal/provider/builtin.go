package provider

// The accounts and roles every server has, by name.
const (
	adminName   = "admin"   // the admin account; v3.62's admin role
	guestName   = "guest"   // the anonymous visitors' account and role
	generalName = "general" // v3.62's role for ordinary accounts
)

// isBuiltin tells the admin and guest accounts, and the roles of those
// names: they exist on every server and can be imported and managed, not
// created or deleted (the admin role cannot be changed at all, the guest
// role not renamed).
func isBuiltin(name string) bool { return name == adminName || name == guestName }

// isBuiltinRole tells v3.62's roles that every server has: admin, guest,
// and general (created with them, kept when Terraform stops managing it).
func isBuiltinRole(name string) bool { return isBuiltin(name) || name == generalName }

// roleName is the name of a user's kind (alist.User.RoleKind).
func roleName(role int) string {
	switch role {
	case 2:
		return adminName
	case 1:
		return guestName
	}
	return generalName
}
