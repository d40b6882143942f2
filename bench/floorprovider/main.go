// Command floorprovider is the cheapest possible plugin provider, built with
// the same plugin framework and protocol as terraform-provider-alist: one
// resource, floor_data, that behaves like the built-in terraform_data (input
// copied to output, nothing read or written anywhere). `make bench` measures
// it beside terraform_data to show what any external provider costs before
// it does any work: process starts, the plugin handshake and gRPC calls, and
// Terraform's handling of a provider's objects.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return floor{} }, providerserver.ServeOpts{
		Address: "registry.terraform.io/alist-terraform/floor", ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}

type floor struct{}

func (floor) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "floor"
}
func (floor) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse)          {}
func (floor) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}
func (floor) DataSources(context.Context) []func() datasource.DataSource                        { return nil }
func (floor) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return data{} }}
}

type data struct{}

type model struct {
	ID     types.String `tfsdk:"id"`
	Input  types.String `tfsdk:"input"`
	Output types.String `tfsdk:"output"`
}

func (data) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_data"
}

func (data) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":     schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"input":  schema.StringAttribute{Optional: true},
		"output": schema.StringAttribute{Computed: true},
	}}
}

func (data) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	sum := sha256.Sum256([]byte(m.Input.ValueString()))
	m.ID, m.Output = types.StringValue(hex.EncodeToString(sum[:16])), m.Input
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (data) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (data) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.Output = m.Input
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (data) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
