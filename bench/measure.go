package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

const mib = 1 << 20

// large measures a large source file: the first apply against terraform_data
// plus curl, plans with the file unchanged and edited, and peak RSS by size.
func (b *bench) large() error {
	size := int64(*largeMiB) * mib
	src := filepath.Join(b.dir, "large.bin")
	step(fmt.Sprintf("writing a %d MiB source file", *largeMiB))
	if err := makeFile(src, size, 1); err != nil {
		return err
	}
	var apply, data, curl []time.Duration
	var peakLarge int64
	var lastApply result
	var curlCPU float64
	var alistDir, dataDir string
	for i := range *runs {
		step(fmt.Sprintf("large file: apply %d/%d", i+1, *runs))
		remote := fmt.Sprintf("/local/bench/large-%d.bin", i)
		alistDir = filepath.Join(b.dir, fmt.Sprintf("large-alist-%d", i))
		if err := writeConfig(alistDir, fmt.Sprintf("resource \"alist_file\" \"big\" {\n  path   = %q\n  source = %q\n}\n", remote, src)); err != nil {
			return err
		}
		r, err := b.terraform(alistDir, "apply", "-auto-approve")
		if err != nil {
			return err
		}
		apply, peakLarge, lastApply = append(apply, r.d), max(peakLarge, r.peak), r

		dataDir = filepath.Join(b.dir, fmt.Sprintf("large-data-%d", i))
		if err := writeConfig(dataDir, fmt.Sprintf("resource \"terraform_data\" \"big\" {\n  input = %q\n}\n", src)); err != nil {
			return err
		}
		if r, err = b.terraform(dataDir, "apply", "-auto-approve"); err != nil {
			return err
		}
		data = append(data, r.d)

		t0 := time.Now()
		cmd := exec.Command("curl", "-sS", "-T", src, "-H", "Authorization: "+b.token, "-H", fmt.Sprintf("File-Path: /local/bench/curl-%d.bin", i),
			"-X", "PUT", b.srv.URL+"/api/fs/put")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), `"code":200`) {
			return fmt.Errorf("curl -T: %v: %s", err, out)
		}
		curl = append(curl, time.Since(t0))
		curlCPU = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
		// Keep the page cache for the source, not for old uploads.
		_ = b.srv.RemoveFile(fmt.Sprintf("/local/bench/curl-%d.bin", i)) // scratch
		if i < *runs-1 {
			_ = b.srv.RemoveFile(remote) // scratch
		}
	}
	label := fmt.Sprintf("%d MiB", *largeMiB)
	b.ratioRow(label+" source: first apply", median(apply), median(data)+median(curl), "terraform_data apply + curl -T", 1.3)
	b.notes = append(b.notes, fmt.Sprintf("%s baselines: terraform_data apply %s, curl -T upload %s (%.0f MiB/s).",
		label, secs(median(data)), secs(median(curl)), float64(*largeMiB)/median(curl).Seconds()))
	cpuSum := lastApply.cpuProvider + lastApply.cpuTerraform + lastApply.cpuServer
	b.notes = append(b.notes, fmt.Sprintf("%s first apply, CPU seconds (last run): provider %.2f (sendfile for the bytes, SHA-256 on its own goroutine: about %.2f s of hashing at the rate measured below), "+
		"terraform %.2f, test server %.2f (receiving and writing the file, on the same %d cores); curl -T itself used %.2f. "+
		"Together %.2f CPU-seconds: even perfectly spread over the %d cores the apply cannot take less than %s, against %s for the baseline. "+
		"The SHA-256 (content_sha256, which is what lets later plans skip reading the file) is the work the wire baseline does not do; the profile below shows it is most of the provider's CPU. "+
		"Given a core to spare (the server on another machine, or a third core) the hash would run beside the upload instead of taking turns with the server; this machine cannot show that.",
		label, lastApply.cpuProvider, float64(size)/sha256Throughput(), lastApply.cpuTerraform, lastApply.cpuServer, runtime.NumCPU(), curlCPU,
		cpuSum, runtime.NumCPU(), secs(time.Duration(cpuSum/float64(runtime.NumCPU())*float64(time.Second))), secs(median(data)+median(curl))))

	// A no-op plan takes a fifth of a second, so its noise is large: take
	// the median of three times as many runs.
	planRuns := 3 * *runs
	var plan, dataPlan, edited []time.Duration
	for i := range planRuns {
		step(fmt.Sprintf("large file: plans %d/%d", i+1, planRuns))
		r, err := b.terraform(alistDir, "plan", "-detailed-exitcode") // exit 0: no changes
		if err != nil {
			return err
		}
		plan = append(plan, r.d)
		if r, err = b.terraform(dataDir, "plan", "-detailed-exitcode"); err != nil {
			return err
		}
		dataPlan = append(dataPlan, r.d)
	}
	b.ratioRow(label+" source unchanged: no-op plan", median(plan), median(dataPlan), "terraform_data no-op plan", 1.2)
	// The floor: the cheapest plugin provider, same framework and protocol,
	// one resource like terraform_data. What it costs is what starting any
	// external provider costs.
	floorDir := filepath.Join(b.dir, "large-floor")
	if err := writeConfig(floorDir, fmt.Sprintf("resource \"floor_data\" \"big\" {\n  input = %q\n}\n", src)); err != nil {
		return err
	}
	floorApply, err := b.terraform(floorDir, "apply", "-auto-approve")
	if err != nil {
		return err
	}
	b.rows = append(b.rows, row{what: label + " source: first apply, against the cheapest plugin provider", got: secs(median(apply)),
		base: secs(floorApply.d+median(curl)) + " (floor_data apply + curl -T)", ratio: median(apply).Seconds() / (floorApply.d + median(curl)).Seconds(), unit: "x"})
	var floorPlan []time.Duration
	var floorProcs int
	for range planRuns {
		r, err := b.terraform(floorDir, "plan", "-detailed-exitcode")
		if err != nil {
			return err
		}
		floorPlan, floorProcs = append(floorPlan, r.d), r.procs
	}
	b.rows = append(b.rows, row{what: label + " source unchanged: no-op plan, against the cheapest plugin provider", got: secs(median(plan)),
		base: secs(median(floorPlan)) + " (floor_data no-op plan)", ratio: median(plan).Seconds() / median(floorPlan).Seconds(), unit: "x"})
	b.notes = append(b.notes, fmt.Sprintf("No-op plan floor: floor_data (bench/floorprovider: the same plugin framework and protocol, one resource that does what terraform_data does and nothing else) "+
		"plans in %s, against %s for terraform_data, which is built into Terraform and needs no plugin process. Terraform started %d plugin processes for that plan "+
		"(for the schema and for each graph walk), each with its own process start and handshake. That floor alone is %.1fx terraform_data, so ≤ 1.2x terraform_data is out of reach for any external provider; "+
		"the %s file's no-op plan (a stat and one fs/get, no read of the file) is %.2fx the floor.",
		secs(median(floorPlan)), secs(median(dataPlan)), floorProcs, median(floorPlan).Seconds()/median(dataPlan).Seconds(), label, median(plan).Seconds()/median(floorPlan).Seconds()))

	for i := range *runs {
		step(fmt.Sprintf("large file: plan after an edit %d/%d", i+1, *runs))
		if err := editFile(src, i); err != nil {
			return err
		}
		r, err := b.terraform(alistDir, "plan")
		if err != nil {
			return err
		}
		edited = append(edited, r.d)
	}
	hashTime := median(edited) - median(plan)
	readRate := float64(size) / hashTime.Seconds()
	goRate := sha256Throughput()
	b.rows = append(b.rows, row{what: label + " source edited: plan reads it once", got: secs(median(edited)),
		base: fmt.Sprintf("%.0f MiB/s (Go crypto/sha256)", goRate/mib), ratio: readRate / goRate, target: -0.8, unit: "x"})
	b.notes = append(b.notes, fmt.Sprintf("The plan after an edit took %s more than the no-op plan: %.0f MiB/s of reading and hashing, against %.0f MiB/s for crypto/sha256 over memory.",
		secs(hashTime), readRate/mib, goRate/mib))

	// Peak RSS of the provider process by upload size.
	peaks := map[int]int64{*largeMiB: peakLarge}
	for _, m := range []int{64, 256} {
		if m >= *largeMiB {
			continue
		}
		step(fmt.Sprintf("peak RSS with a %d MiB upload", m))
		f := filepath.Join(b.dir, fmt.Sprintf("rss-%d.bin", m))
		if err := makeFile(f, int64(m)*mib, uint64(m)); err != nil {
			return err
		}
		dir := filepath.Join(b.dir, fmt.Sprintf("rss-%d", m))
		if err := writeConfig(dir, fmt.Sprintf("resource \"alist_file\" \"f\" {\n  path   = \"/local/bench/rss-%d.bin\"\n  source = %q\n}\n", m, f)); err != nil {
			return err
		}
		r, err := b.terraform(dir, "apply", "-auto-approve")
		if err != nil {
			return err
		}
		peaks[m] = r.peak
		_ = os.Remove(f) // scratch
	}
	for _, m := range []int{64, 256, *largeMiB} {
		if p, ok := peaks[m]; ok {
			b.rows = append(b.rows, row{what: fmt.Sprintf("provider peak RSS, %d MiB upload", m), got: fmt.Sprintf("%.1f MiB", float64(p)/mib),
				base: "64 MiB", ratio: float64(p) / mib, target: 64, unit: "MiB"})
		}
	}
	if p64, ok := peaks[64]; ok && p64 > 0 {
		b.rows = append(b.rows, row{what: fmt.Sprintf("peak RSS growth, 64 MiB → %d MiB upload", *largeMiB), got: fmt.Sprintf("%.1f MiB", float64(peakLarge)/mib),
			base: fmt.Sprintf("%.1f MiB", float64(p64)/mib), ratio: float64(peakLarge) / float64(p64), target: 1.1, unit: "x"})
	}
	return nil
}

// editFile changes bytes at the start of the file (same size, new mtime).
func editFile(name string, i int) error {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteAt([]byte(fmt.Sprintf("edit number %d at %s", i, time.Now())), 0)
	return err
}

// many measures n small files through for_each against terraform_data.
func (b *bench) many() error {
	n := *files
	set := fmt.Sprintf("toset([for i in range(%d) : format(\"f%%04d.txt\", i)])", n)
	alistDir, dataDir := filepath.Join(b.dir, "many-alist"), filepath.Join(b.dir, "many-data")
	if err := writeConfig(alistDir, fmt.Sprintf("resource \"alist_file\" \"f\" {\n  for_each = %s\n  path     = \"/local/bench/many/${each.key}\"\n  content  = \"content of ${each.key}\"\n}\n", set)); err != nil {
		return err
	}
	if err := writeConfig(dataDir, fmt.Sprintf("resource \"terraform_data\" \"f\" {\n  for_each = %s\n  input    = \"content of ${each.key}\"\n}\n", set)); err != nil {
		return err
	}
	floorDir := filepath.Join(b.dir, "many-floor")
	if err := writeConfig(floorDir, fmt.Sprintf("resource \"floor_data\" \"f\" {\n  for_each = %s\n  input    = \"content of ${each.key}\"\n}\n", set)); err != nil {
		return err
	}
	times := map[string][]time.Duration{}
	cpu := map[string]result{}
	logins, procs := 0, 0
	for i := range *manyRuns {
		step(fmt.Sprintf("%d files: apply, no-op plan, destroy %d/%d", n, i+1, *manyRuns))
		for _, c := range []struct {
			name, dir string
			args      []string
		}{
			{"alist apply", alistDir, []string{"apply", "-auto-approve"}},
			{"data apply", dataDir, []string{"apply", "-auto-approve"}},
			{"alist plan", alistDir, []string{"plan", "-detailed-exitcode"}},
			{"data plan", dataDir, []string{"plan", "-detailed-exitcode"}},
			{"alist destroy", alistDir, []string{"destroy", "-auto-approve"}},
			{"data destroy", dataDir, []string{"destroy", "-auto-approve"}},
			{"floor apply", floorDir, []string{"apply", "-auto-approve"}},
			{"floor plan", floorDir, []string{"plan", "-detailed-exitcode"}},
			{"floor destroy", floorDir, []string{"destroy", "-auto-approve"}},
		} {
			before := b.srv.Logins()
			r, err := b.terraform(c.dir, c.args...)
			if err != nil {
				return err
			}
			times[c.name] = append(times[c.name], r.d)
			cpu[c.name] = r
			if c.name == "alist apply" {
				logins, procs = max(logins, b.srv.Logins()-before), max(procs, r.procs)
			}
		}
	}
	label := fmt.Sprintf("%d files", n)
	b.ratioRow(label+": apply", median(times["alist apply"]), median(times["data apply"]), "terraform_data", 1.5)
	b.ratioRow(label+": no-op plan", median(times["alist plan"]), median(times["data plan"]), "terraform_data", 1.5)
	b.ratioRow(label+": destroy", median(times["alist destroy"]), median(times["data destroy"]), "terraform_data", 1.5)
	for _, op := range []string{"apply", "plan", "destroy"} {
		a, d, f := cpu["alist "+op], cpu["data "+op], cpu["floor "+op]
		b.notes = append(b.notes, fmt.Sprintf("%s %s, CPU seconds (last run): alist_file: terraform %.1f + provider %.1f + test server %.1f, wall %s; "+
			"terraform_data: terraform %.1f, wall %s; floor_data (the cheapest plugin provider): terraform %.1f + provider %.1f, wall %s (median %s). %d cores.",
			label, op, a.cpuTerraform, a.cpuProvider, a.cpuServer, secs(a.d), d.cpuTerraform, secs(d.d), f.cpuTerraform, f.cpuProvider, secs(f.d),
			secs(median(times["floor "+op])), runtime.NumCPU()))
	}
	b.rows = append(b.rows, row{what: label + ": logins during the apply", got: fmt.Sprint(logins), base: fmt.Sprintf("%d provider processes started by terraform", procs),
		ratio: float64(logins), target: 1, unit: "logins"})
	return nil
}
