package provider

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// A storage's addition in Terraform is a map of strings: HCL converts
// `show_hidden = false` and `thumb_concurrency = 16` to "false" and "16", so
// users write a native object. The driver's field list (driver/info) gives
// each key its JSON type on the way to the server, and is what plans are
// checked against: the server itself checks nothing (unknown keys are
// ignored, missing ones become zero values, required is not enforced).

// additionJSON converts one configured value to the JSON type of its field.
func additionJSON(item alist.DriverItem, s string) (any, error) {
	if err := valueError(item.Type, item.Choices(), s); err != nil {
		return nil, err
	}
	switch item.Type {
	case "bool":
		return s == "true", nil
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "number", "float32", "float64":
		return json.Number(strings.TrimSpace(s)), nil
	}
	return s, nil
}

// additionString is a server value as the map holds it.
func additionString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case json.Number:
		return v.String()
	case nil:
		return ""
	}
	b, _ := json.Marshal(v) // a nested value, kept as JSON text
	return string(b)
}

// sameAdditionValue tells whether a configured string and the server's
// value mean the same: "16" and 16, "1.0" and 1, "false" and false.
func sameAdditionValue(configured string, server any) bool {
	s := additionString(server)
	if configured == s {
		return true
	}
	if n, ok := server.(json.Number); ok {
		a, err1 := strconv.ParseFloat(strings.TrimSpace(configured), 64)
		b, err2 := n.Float64()
		return err1 == nil && err2 == nil && a == b
	}
	return false
}

// checkAddition lists what is wrong with a storage's addition for a driver:
// unknown keys (naming the valid ones), values of the wrong type or outside
// a select's options, a key given twice, and, for a new storage, required
// fields that are missing and that the driver has no default for (an
// existing one may leave them to the server: an import leaves the secret
// ones out). A nil value is not known yet: only its key is checked. Keys
// are sorted in the messages, each message names its key.
// secretAttr names the attribute sensitive comes from (sensitive_addition
// or sensitive_addition_wo).
func checkAddition(driver string, info *alist.DriverInfo, addition, sensitive map[string]*string, secretAttr string, isNew bool) []additionProblem {
	var out []additionProblem
	valid := make([]string, 0, len(info.Additional))
	for _, it := range info.Additional {
		valid = append(valid, it.Name)
	}
	check := func(attr string, m map[string]*string) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			item, ok := info.Field(k)
			if !ok {
				out = append(out, additionProblem{attr, k, fmt.Sprintf("%q is not a setting of the %s driver. Its settings are: %s.", k, driver, strings.Join(valid, ", "))})
				continue
			}
			if m[k] == nil {
				continue
			}
			if _, err := additionJSON(item, *m[k]); err != nil {
				out = append(out, additionProblem{attr, k, fmt.Sprintf("%q %s.", k, err)})
			}
		}
	}
	check("addition", addition)
	check(secretAttr, sensitive)
	for _, k := range slices.Sorted(maps.Keys(sensitive)) {
		if _, dup := addition[k]; dup {
			out = append(out, additionProblem{secretAttr, k, fmt.Sprintf("%q is set in both addition and %s: keep it in one.", k, secretAttr)})
		}
	}
	for _, it := range info.Additional {
		if !isNew {
			break
		}
		_, inA := addition[it.Name]
		_, inS := sensitive[it.Name]
		if it.Required && it.Default == "" && it.Type != "bool" && !inA && !inS {
			where := "addition"
			if isSecret(it.Name, "", false) {
				where = secretAttr
			}
			out = append(out, additionProblem{where, "", fmt.Sprintf("the %s driver requires %q (%s); set it in %s.", driver, it.Name, describeItem(it), where)})
		}
	}
	return out
}

// additionProblem is one finding of checkAddition: the attribute and key it
// is about ("" when the key is missing).
type additionProblem struct {
	attr, key, msg string
}

func describeItem(it alist.DriverItem) string {
	d := it.Type
	if it.Help != "" {
		d += ": " + it.Help
	}
	return d
}

// newAddition is the addition a new storage gets: the driver's defaults,
// as the web UI pre-fills them, under the configured keys.
func newAddition(info *alist.DriverInfo, addition, sensitive map[string]string) (map[string]any, error) {
	out := map[string]any{}
	for _, it := range info.Additional {
		if it.Default == "" {
			continue
		}
		if v, err := additionJSON(it, it.Default); err == nil {
			out[it.Name] = v
		}
	}
	return out, overlayAddition(info, out, addition, sensitive)
}

// isDriverDefault tells whether a server value is what a storage created
// without that key holds: the driver's default, which newAddition sends, or
// for a field without one the Go zero value the server decodes nothing into
// (false, 0, ""). A value a driver writes on its own at start (Local's
// video_thumb_pos "20%" on v3.62 and OpenList) is its default too, and
// comes back the same way.
func isDriverDefault(it alist.DriverItem, v any) bool {
	def := it.Default
	if _, number := v.(json.Number); def == "" && (it.Type == "bool" || number) {
		def = "0"
		if it.Type == "bool" {
			def = "false"
		}
	}
	return sameAdditionValue(def, v)
}

// overlayAddition writes configured keys over a server's addition.
func overlayAddition(info *alist.DriverInfo, into map[string]any, maps ...map[string]string) error {
	for _, m := range maps {
		for k, s := range m {
			item, ok := info.Field(k)
			if !ok {
				item = alist.DriverItem{Name: k, Type: "string"}
			}
			v, err := additionJSON(item, s)
			if err != nil {
				return fmt.Errorf("addition %q %w", k, err)
			}
			into[k] = v
		}
	}
	return nil
}

// readAddition is the addition as state keeps it after a read: the keys
// state had (configured ones), with the server's values, the configured
// spelling kept where it means the same, or where the server holds what it
// made of the configured value when it was sent (echo: drivers rewrite some
// values, an AList V3 url loses its trailing slash).
//
// An import takes the driver fields whose value differs from the driver's
// default, except secret-looking ones, which must not land in a plain
// attribute or a generated configuration. Terraform plans a configured map
// as written, so the keys an import puts in state are what the next plan
// compares with the configuration: a configuration that names only the
// settings that differ from the defaults then plans no change, and a
// generated one names only those. Nothing is lost by leaving the others
// out: a storage created from that configuration gets the defaults again.
func readAddition(info *alist.DriverInfo, server map[string]any, prior, echo map[string]string, imported bool) map[string]string {
	out := map[string]string{}
	if imported {
		for _, it := range info.Additional {
			v, ok := server[it.Name]
			if ok && !isDriverDefault(it, v) && !isSecret(it.Name, additionString(v), false) {
				out[it.Name] = additionString(v)
			}
		}
		return out
	}
	for k, configured := range prior {
		v, ok := server[k]
		e, sent := echo[k]
		switch {
		case !ok:
			// gone from the server: dropped, so the plan puts it back
		case sameAdditionValue(configured, v), sent && e == additionString(v):
			out[k] = configured
		default:
			out[k] = additionString(v)
		}
	}
	return out
}

// echoOf is what the server made of each configured key, right after
// sending them (see readAddition).
func echoOf(server map[string]any, configured map[string]string) map[string]string {
	out := make(map[string]string, len(configured))
	for k := range configured {
		if v, ok := server[k]; ok {
			out[k] = additionString(v)
		}
	}
	return out
}

// secretKeys are a driver's secret-looking fields, for messages and docs.
func secretKeys(info *alist.DriverInfo) []string {
	var out []string
	for _, it := range info.Additional {
		if isSecret(it.Name, "", false) {
			out = append(out, it.Name)
		}
	}
	return out
}
