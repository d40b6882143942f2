package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// planScan is a plan check over the plan's values as JSON: the changes, the
// planned and the prior values (not the configuration's source text, which
// holds whatever literal the test wrote).
type planScan func(plan string) error

func (f planScan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	b, err := json.Marshal([]any{req.Plan.ResourceChanges, req.Plan.PlannedValues, req.Plan.PriorState, req.Plan.OutputChanges})
	if err == nil {
		err = f(string(b))
	}
	resp.Error = err
}

func absent(secrets ...string) func(string) error {
	return func(doc string) error {
		for _, s := range secrets {
			if strings.Contains(doc, s) {
				return fmt.Errorf("%q is in it", s)
			}
		}
		return nil
	}
}

// content_wo reaches the server but never the plan or the state (not even
// its hash); content_wo_version uploads it again; drift is still repaired.
func TestAccFile_writeOnly(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		p := e.path("secret.env")
		const addr = "alist_file.s"
		v1, v2 := "DB_PASSWORD=first-secret-4711", "DB_PASSWORD=second-secret-0815"
		cfg := func(secret string, version int) string {
			return fileConfig(e, "s", p, fmt.Sprintf("content_wo = %q\n  content_wo_version = %d", secret, version))
		}
		secretFree := func(secrets ...string) ([]statecheck.StateCheck, resource.ConfigPlanChecks) {
			return []statecheck.StateCheck{stateScan(absent(append(secrets, sha256Hex([]byte(v1)), sha256Hex([]byte(v2)))...)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("content_sha256"), knownvalue.Null())},
				resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planScan(absent(secrets...))}}
		}
		sc1, pc1 := secretFree(v1)
		sc2, pc2 := secretFree(v1, v2)
		pc2.PreApply = append(pc2.PreApply, plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate))
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkGone(p),
			Steps: []resource.TestStep{
				{Config: cfg(v1, 1), ConfigStateChecks: sc1, ConfigPlanChecks: pc1, Check: e.checkRemote(p, []byte(v1))},
				{
					// A new secret without a new version: Terraform cannot see it.
					Config: cfg(v2, 1), PlanOnly: true,
				},
				{Config: cfg(v2, 2), ConfigStateChecks: sc2, ConfigPlanChecks: pc2, Check: e.checkRemote(p, []byte(v2))},
				{
					PreConfig: func() { e.changeBehindBack(p, []byte("tampered")) },
					Config:    cfg(v2, 2),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					},
					Check: e.checkRemote(p, []byte(v2)),
				},
			},
		})
	})
}
