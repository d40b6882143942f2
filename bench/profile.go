package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/alist-terraform/terraform-provider-alist/internal/proctune"
)

// profiles runs the measured scenarios once more with the profiling build
// of the provider (-tags pprof: one CPU profile per provider process) and
// adds to the notes where the provider's CPU goes. The profiles stay in
// .bench/profiles for `go tool pprof`.
func (b *bench) profiles() error {
	bin := filepath.Join(b.dir, "bin-pprof", "terraform-provider-alist")
	large := filepath.Join(b.dir, "large.bin")
	manyDir := filepath.Join(b.dir, "many-pprof")
	set := fmt.Sprintf("toset([for i in range(%d) : format(\"f%%04d.txt\", i)])", *files)
	if err := writeConfig(manyDir, fmt.Sprintf("resource \"alist_file\" \"f\" {\n  for_each = %s\n  path     = \"/local/bench/many-pprof/${each.key}\"\n  content  = \"content of ${each.key}\"\n}\n", set)); err != nil {
		return err
	}
	syncDir := filepath.Join(b.dir, "sync-pprof")
	if err := writeConfig(syncDir, syncConfig(filepath.Join(b.dir, "sync-src"), "/local/bench/sync-pprof")); err != nil {
		return err
	}
	largeDir := filepath.Join(b.dir, "large-pprof")
	if err := writeConfig(largeDir, fmt.Sprintf("resource \"alist_file\" \"big\" {\n  path   = \"/local/bench/large-pprof.bin\"\n  source = %q\n}\n", large)); err != nil {
		return err
	}
	mirrorDir := filepath.Join(b.dir, "mirror-pprof")
	if err := writeConfig(mirrorDir, mirrorConfig(mirrorSrc, "/local2/bench/mirror-pprof")); err != nil {
		return err
	}
	for _, sc := range []struct {
		part, name, label, dir string
		args                   []string
	}{
		{"large", "large-apply", fmt.Sprintf("%d MiB first apply", *largeMiB), largeDir, []string{"apply", "-auto-approve"}},
		{"large", "large-plan", fmt.Sprintf("%d MiB source unchanged, no-op plan", *largeMiB), largeDir, []string{"plan"}},
		{"many", "many-apply", fmt.Sprintf("%d files apply", *files), manyDir, []string{"apply", "-auto-approve"}},
		{"many", "many-plan", fmt.Sprintf("%d files no-op plan", *files), manyDir, []string{"plan"}},
		{"many", "many-destroy", fmt.Sprintf("%d files destroy", *files), manyDir, []string{"destroy", "-auto-approve"}},
		{"sync", "sync-apply", fmt.Sprintf("alist_directory_sync of %d files, first apply", *syncFiles), syncDir, []string{"apply", "-auto-approve"}},
		{"sync", "sync-plan", fmt.Sprintf("alist_directory_sync of %d files, no-op plan", *syncFiles), syncDir, []string{"plan"}},
		{"sync", "sync-destroy", fmt.Sprintf("alist_directory_sync of %d files, destroy", *syncFiles), syncDir, []string{"destroy", "-auto-approve"}},
		{"mirror", "mirror-apply", fmt.Sprintf("alist_directory_mirror of %d files between two storages, first apply", *mirrorFiles), mirrorDir, []string{"apply", "-auto-approve"}},
		{"mirror", "mirror-plan", fmt.Sprintf("alist_directory_mirror of %d files, no-op plan", *mirrorLarge), filepath.Join(b.dir, "mirror-large-tf"), []string{"plan"}},
	} {
		if !selected(sc.part) {
			continue // its files and state come from its part
		}
		step("profiling the provider: " + sc.label)
		out := filepath.Join(b.dir, "profiles", sc.name)
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
		if _, err := b.terraformEnv(sc.dir, []string{"TF_CLI_CONFIG_FILE=" + b.profCLI, proctune.ProfileDirEnv + "=" + out}, sc.args...); err != nil {
			return err
		}
		note, err := summarise(bin, out, sc.label)
		if err != nil {
			return err
		}
		b.notes = append(b.notes, note)
	}
	return nil
}

// summarise reads the profiles of one scenario with `go tool pprof -top -cum`
// and says how the provider's CPU splits between the RPCs, the provider's own
// code, its HTTP calls, hashing, sendfile and garbage collection.
func summarise(bin, dir, label string) (string, error) {
	profs, _ := filepath.Glob(filepath.Join(dir, "*.pprof"))
	if len(profs) == 0 {
		return "", fmt.Errorf("no profile written in %s", dir)
	}
	out, err := exec.Command("go", append([]string{"tool", "pprof", "-top", "-cum", "-nodecount=2000", bin}, profs...)...).Output()
	if err != nil {
		return "", fmt.Errorf("go tool pprof: %v", err)
	}
	var total time.Duration
	cum := map[string]time.Duration{}
	for _, line := range strings.Split(string(out), "\n") {
		if i := strings.Index(line, "Total samples = "); i >= 0 {
			total, _ = time.ParseDuration(strings.Fields(line[i+len("Total samples = "):])[0])
			continue
		}
		f := strings.Fields(line)
		if len(f) < 6 || !strings.HasSuffix(f[4], "%") {
			continue
		}
		if d, err := time.ParseDuration(f[3]); err == nil {
			cum[f[5]] = max(cum[f[5]], d)
		}
	}
	sumOf := func(match func(string) bool) (d time.Duration) {
		for name, c := range cum {
			if match(name) {
				d += c
			}
		}
		return d
	}
	maxOf := func(match func(string) bool) (d time.Duration) {
		for name, c := range cum {
			if match(name) {
				d = max(d, c)
			}
		}
		return d
	}
	type rpc struct {
		name string
		d    time.Duration
	}
	var rpcs []rpc
	for name, c := range cum {
		// Exported methods are the RPCs; the rest are helpers.
		if i := strings.Index(name, "tf6server.(*server)."); i >= 0 && c >= total/50 {
			if m := name[i+len("tf6server.(*server)."):]; m[0] >= 'A' && m[0] <= 'Z' {
				rpcs = append(rpcs, rpc{m, c})
			}
		}
	}
	sort.Slice(rpcs, func(i, j int) bool { return rpcs[i].d > rpcs[j].d })
	byRPC := []string{"none above 2% of the samples"}
	if len(rpcs) > 0 {
		byRPC = nil
	}
	for _, r := range rpcs {
		byRPC = append(byRPC, fmt.Sprintf("%s %.2f s", r.name, r.d.Seconds()))
	}
	own := sumOf(func(n string) bool {
		for _, m := range []string{"Create", "Read", "Update", "Delete", "ModifyPlan", "ImportState"} {
			for _, r := range []string{"fileResource", "directorySyncResource", "directoryMirrorResource"} {
				if strings.HasSuffix(n, "internal/provider.(*"+r+")."+m) {
					return true
				}
			}
		}
		return false
	})
	httpCalls := maxOf(func(n string) bool { return strings.HasSuffix(n, "internal/alist.(*Session).call") })
	hashing := maxOf(func(n string) bool { return strings.Contains(n, "sha256") && strings.Contains(n, "block") })
	sendfile := maxOf(func(n string) bool { return strings.Contains(strings.ToLower(n), "sendfile") })
	gc := cum["runtime.gcBgMarkWorker"]
	return fmt.Sprintf("Provider CPU profile, %s (`go tool pprof -top .bench/bin-pprof/terraform-provider-alist .bench/profiles/%s/*.pprof`): %.2f s sampled in %d provider processes. "+
		"By RPC: %s. The resource's own code (CRUD and ModifyPlan) %.2f s, of which HTTP calls to the server %.2f s; SHA-256 %.2f s; sendfile %.2f s; garbage collection %.2f s. "+
		"The rest of the RPCs' time is the plugin framework and gRPC (decoding and encoding values, walking the schema, validators).",
		label, filepath.Base(dir), total.Seconds(), len(profs), strings.Join(byRPC, ", "), own.Seconds(), httpCalls.Seconds(), hashing.Seconds(), sendfile.Seconds(), gc.Seconds()), nil
}
