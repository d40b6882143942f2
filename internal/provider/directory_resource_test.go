package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// Created with its parents, imported, recreated after an out-of-band
// delete, and destroyed (empty) on every flavour.
func TestAccDirectory_lifecycle(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		p := e.path("a/b/releases")
		const addr = "alist_directory.d"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkGone(p),
			Steps: []resource.TestStep{
				{
					Config:            dirConfig(e, p, ""),
					Check:             e.checkDir(p),
					ConfigStateChecks: []statecheck.StateCheck{expectString(addr, "name", "releases"), expectString(addr, "id", p), expectString(addr, "storage_provider", "Local")},
					ConfigPlanChecks:  resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
				{ResourceName: addr, ImportState: true, ImportStateVerify: true},
				{
					PreConfig: func() { e.deleteBehindBack(p) },
					Config:    dirConfig(e, p, ""),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
					},
					Check: e.checkDir(p),
				},
			},
		})
	})
}

// An existing folder: refused with the import command, or adopted.
func TestAccDirectory_existing(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	p := e.path("existing")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(p),
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { mkdir(t, e, p) },
				Config:      dirConfig(e, p, ""),
				ExpectError: re(`(?s)The folder already exists.*terraform import.*adopt_existing = true`),
			},
			{Config: dirConfig(e, p, "adopt_existing = true"), Check: e.checkDir(p)},
		},
	})
}

// A folder with files in it is not deleted unless force_destroy is set.
func TestAccDirectory_nonEmpty(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	p := e.path("full")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(p),
		Steps: []resource.TestStep{
			{Config: dirConfig(e, p, ""), Check: e.checkDir(p)},
			{
				PreConfig:   func() { e.put(p+"/keep.txt", []byte("keep")) },
				Config:      e.providerConfig(),
				ExpectError: re(`(?s)The folder is not empty.*keep\.txt.*force_destroy = true`),
			},
			{Config: dirConfig(e, p, ""), Check: e.checkRemote(p+"/keep.txt", []byte("keep")), PlanOnly: true},
			{Config: dirConfig(e, p, "force_destroy = true")},
		},
	})
}
