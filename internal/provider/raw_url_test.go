package provider

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// rawURLNames are names whose escaping differs between the servers: AList
// v3.60 and later decode /p/ paths twice, so "%" needs escaping once more.
var rawURLNames = []string{"p%.txt", "p%25.txt", "50%off 100%25.txt", "a b #1 & ?+ü.txt"}

// The raw_url the provider reports, in the resource and in the data
// source, downloads the file on every flavour, also for names with "%",
// and also from a self-built server that says `version: dev`.
func TestAccFile_rawURLDownloads(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		t.Run("release", func(t *testing.T) { testRawURLDownloads(t, newEnv(t, alisttest.Options{Flavor: f})) })
		t.Run("dev", func(t *testing.T) {
			e := newEnv(t, alisttest.Options{Flavor: f, Version: "dev"})
			e.needsLocal(whyVersionProbe)
			testRawURLDownloads(t, e)
		})
	})
}

func testRawURLDownloads(t *testing.T, e *testEnv) {
	var cfg strings.Builder
	cfg.WriteString(e.providerConfig())
	var checks []resource.TestCheckFunc
	for i, name := range rawURLNames {
		p, content := e.path("raw/"+name), fmt.Sprintf("content of %q\n", name)
		fmt.Fprintf(&cfg, "resource \"alist_file\" \"f%d\" {\n  path = %q\n  content = %q\n}\n", i, p, content)
		fmt.Fprintf(&cfg, "data \"alist_file\" \"f%d\" {\n  path = alist_file.f%d.path\n}\n", i, i)
		checks = append(checks, checkDownload(fmt.Sprintf("alist_file.f%d", i), content), checkDownload(fmt.Sprintf("data.alist_file.f%d", i), content))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(e.path("raw/" + rawURLNames[0])),
		Steps:                    []resource.TestStep{{Config: cfg.String(), Check: resource.ComposeTestCheckFunc(checks...)}},
	})
}

// checkDownload fetches the raw_url in state, as a browser or curl would,
// and compares what arrives with want.
func checkDownload(addr, want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s is not in the state", addr)
		}
		u := rs.Primary.Attributes["raw_url"]
		resp, err := http.Get(u)
		if err != nil {
			return fmt.Errorf("%s: raw_url %s: %w", addr, u, err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK || string(body) != want {
			return fmt.Errorf("%s: raw_url %s answered HTTP %d %q, want the file's %q", addr, u, resp.StatusCode, trunc(body), want)
		}
		return nil
	}
}
