package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// alist_metas lists the metas at and below a folder (not those of a
// folder whose name only begins the same) with alist_meta's names, and
// never a password: a protected folder shows as has_password only.
func TestAccMetasDataSource(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		h := newHandMade(e)
		// A folder whose path only starts like the prefix.
		decoy := h.metaPrefix + "x"
		if _, err := e.client.CreateMeta(t0(), &alist.Meta{Path: decoy, Readme: "not mine"}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if m, err := e.client.MetaByPath(t0(), decoy); err == nil {
				_ = e.client.DeleteMeta(t0(), m.ID)
			}
		})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.providerConfig() + fmt.Sprintf("data \"alist_metas\" \"mine\" {\n  path_prefix = %q\n}\n", h.metaPrefix),
				Check: func(s *terraform.State) error {
					all := attrsOf(s, "data.alist_metas.mine")
					if all["metas.#"] != "2" {
						return fmt.Errorf("want the 2 metas below %s, got %s: %v", h.metaPrefix, all["metas.#"], all)
					}
					for i, p := range h.metas {
						m, err := e.client.MetaByPath(t0(), p)
						if err != nil {
							return err
						}
						pre := fmt.Sprintf("metas.%d.", i)
						want := map[string]string{"id": fmt.Sprint(m.ID), "path": m.Path, "has_password": fmt.Sprint(m.Password != ""),
							"password_sub": fmt.Sprint(m.PSub), "write": fmt.Sprint(m.Write), "write_sub": fmt.Sprint(m.WSub),
							"hide.#": fmt.Sprint(len(splitHide(m.Hide))), "hide_sub": fmt.Sprint(m.HSub), "readme": m.Readme, "readme_sub": fmt.Sprint(m.RSub),
							"header": m.Header, "header_sub": fmt.Sprint(m.HeaderSub)}
						for k, v := range want {
							if all[pre+k] != v {
								return fmt.Errorf("%s: %s = %q, the server has %q", p, k, all[pre+k], v)
							}
						}
						for j, pat := range splitHide(m.Hide) {
							if all[fmt.Sprintf("%shide.%d", pre, j)] != pat {
								return fmt.Errorf("%s: hide %d = %q, want %q", p, j, all[fmt.Sprintf("%shide.%d", pre, j)], pat)
							}
						}
					}
					// OpenList's read limit, as alist_meta takes it: the
					// account's id; absent (null) on AList.
					user, err := e.client.UserByName(t0(), h.user)
					if err != nil {
						return err
					}
					if got, want := all["metas.0.read_users.#"], map[bool]string{true: "1", false: ""}[h.info.IsOpenList()]; got != want {
						return fmt.Errorf("read_users.# = %q, want %q", got, want)
					}
					if h.info.IsOpenList() && all["metas.0.read_users.0"] != fmt.Sprint(user.ID) {
						return fmt.Errorf("read_users = %s, want [%d]", all["metas.0.read_users.0"], user.ID)
					}
					if all["metas.1.has_password"] != "true" {
						return fmt.Errorf("the protected folder shows no password: %v", all)
					}
					for k, v := range all {
						if strings.Contains(v, h.secret) || k == "password" || strings.HasSuffix(k, ".password") {
							return fmt.Errorf("the state holds the folder's password: %s = %q", k, v)
						}
					}
					return nil
				},
			}},
		})
	})
}
