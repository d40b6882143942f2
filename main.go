package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/alist-terraform/terraform-provider-alist/internal/proctune"
	"github.com/alist-terraform/terraform-provider-alist/internal/provider"
)

// Docs are generated from the schema, examples/ and templates/ (see GNUmakefile).
//go:generate make docs

// version and commit are set by goreleaser at release time.
var (
	version = "dev"
	commit  = ""
)

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	if commit != "" {
		log.SetPrefix("terraform-provider-alist " + version + " (" + commit + "): ")
	}

	proctune.MuteUnseenLogs(debug)
	proctune.TuneGC()
	stop := proctune.StartProfile()
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/alist-terraform/alist",
		Debug:           debug,
		ProtocolVersion: 6,
	})
	stop()
	if err != nil {
		log.Fatal(err.Error())
	}
}
