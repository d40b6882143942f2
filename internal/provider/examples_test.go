package provider

// requireAList is the terraform block of a configuration run through the
// CLI: the provider's source, installed by newCLI's dev_overrides.
const requireAList = "terraform {\n  required_providers {\n    alist = { source = \"alist-terraform/alist\" }\n  }\n}\n"
