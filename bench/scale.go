package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

var (
	scaleFiles = flag.Int("scale-files", 100000, "files in the folder-at-scale tree (1 KiB each, 100 per folder)")
	scaleFirst = flag.Int("scale-first", 10000, "files of the folder-at-scale first apply measured against floor_data plus curl")
)

// scale measures alist_directory_sync with a folder of scaleFiles files:
// its no-op plans against a one-resource floor_data plan (plus, for the
// refreshing plan, the remote listing it cannot avoid, done by curl), the
// state it writes, the edit of 10 files and the provider's memory; and a
// first apply of scaleFirst files against a floor_data apply plus curl
// uploading them.
func (b *bench) scale() error {
	n := *scaleFiles
	src := filepath.Join(b.dir, "scale-src")
	step(fmt.Sprintf("folders at scale: writing %d files of 1 KiB", n))
	if err := syncTree(src, n); err != nil {
		return err
	}
	syncDir, floorDir := filepath.Join(b.dir, "scale-tf"), filepath.Join(b.dir, "scale-floor")
	const remote = "/local/bench/scale"
	if err := writeConfig(syncDir, syncConfig(src, remote)); err != nil {
		return err
	}
	if err := writeConfig(floorDir, "resource \"floor_data\" \"one\" {\n  input = \"x\"\n}\n"); err != nil {
		return err
	}
	if _, err := b.terraform(floorDir, "apply", "-auto-approve"); err != nil {
		return err
	}
	step(fmt.Sprintf("%d files: first apply", n))
	apply, err := b.terraform(syncDir, "apply", "-auto-approve")
	if err != nil {
		return err
	}
	peak := apply.peak
	st, err := os.Stat(filepath.Join(syncDir, "terraform.tfstate"))
	if err != nil {
		return err
	}
	var plans, fresh, floors, lists, finds []time.Duration
	var plan result
	for i := range 3 {
		step(fmt.Sprintf("%d files: no-op plans %d/3", n, i+1))
		if plan, err = b.terraform(syncDir, "plan", "-detailed-exitcode"); err != nil {
			return err
		}
		plans = append(plans, plan.d)
		peak = max(peak, plan.peak)
		r, err := b.terraform(syncDir, "plan", "-detailed-exitcode", "-refresh=false")
		if err != nil {
			return err
		}
		fresh = append(fresh, r.d)
		if r, err = b.terraform(floorDir, "plan", "-detailed-exitcode"); err != nil {
			return err
		}
		floors = append(floors, r.d)
		d, err := b.curlList(remote, n)
		if err != nil {
			return err
		}
		lists = append(lists, d)
		// The least a plan that checks every source file can do: one
		// process stat-ing them all.
		t0 := time.Now()
		if out, err := exec.Command("find", src, "-type", "f", "-printf", "%s %T@ %i\n").Output(); err != nil || len(out) == 0 {
			return fmt.Errorf("find %s: %v", src, err)
		}
		finds = append(finds, time.Since(t0))
	}
	label := fmt.Sprintf("%d files × 1 KiB in %d folders, alist_directory_sync", n, (n+99)/100)
	floor, list := median(floors), median(lists)
	b.ratioRow(label+": no-op plan", median(plans), floor+list,
		fmt.Sprintf("floor_data no-op plan %s + curl listing the %d folders, %d at once, %s", secs(floor), (n+99)/100, syncParallelism, secs(list)), 3)
	b.ratioRow(label+": no-op plan with -refresh=false", median(fresh), floor, "floor_data no-op plan", 2)
	b.ratioRow(label+": no-op plan with -refresh=false, against floor_data plus the source's stat", median(fresh), floor+median(finds),
		fmt.Sprintf("floor_data no-op plan %s + find printing every file's size, time and inode %s", secs(floor), secs(median(finds))), 0)
	b.rows = append(b.rows, row{what: label + ": state size per file", got: fmt.Sprintf("%d bytes", st.Size()), base: fmt.Sprintf("%d files", n),
		ratio: float64(st.Size()) / float64(n), target: 40, unit: "bytes"})
	find := median(finds)
	b.notes = append(b.notes, fmt.Sprintf("%s, no-op plan with -refresh=false: a plan must stat every source file to see whether one changed; "+
		"find, doing only that, takes %s, and floor_data's plan plus that stat is already %.2fx floor_data (the target is 2x) before any other work. "+
		"The rest is the walk's own work (the paths built, checked and sorted) and Terraform and the framework moving the %.1f MB state; "+
		"docs/development/folders-at-scale.md measures the records' share.",
		label, secs(find), (floor+find).Seconds()/floor.Seconds(), float64(st.Size())/1e6))
	b.notes = append(b.notes, fmt.Sprintf("%s first apply: %s, CPU seconds terraform %.1f + provider %.1f + test server %.1f. "+
		"No-op plan, CPU seconds (last run): terraform %.1f + provider %.1f + test server %.1f, wall %s.",
		label, secs(apply.d), apply.cpuTerraform, apply.cpuProvider, apply.cpuServer, plan.cpuTerraform, plan.cpuProvider, plan.cpuServer, secs(plan.d)))

	if err := b.syncEdit(src, syncDir, n); err != nil {
		return err
	}
	step(fmt.Sprintf("%d files: destroy", n))
	r, err := b.terraform(syncDir, "destroy", "-auto-approve")
	if err != nil {
		return err
	}
	peak = max(peak, r.peak)
	b.rows = append(b.rows, row{what: fmt.Sprintf("provider peak RSS, alist_directory_sync of %d files (apply, plans, destroy)", n),
		got: fmt.Sprintf("%.1f MiB", float64(peak)/(1<<20)), base: "128 MiB", ratio: float64(peak) / (1 << 20), target: 128, unit: "MiB"})
	b.notes = append(b.notes, fmt.Sprintf("%d files: destroy %s.", n, secs(r.d)))
	return b.scaleFirstApply()
}

// scaleFirstApply measures a first apply of scaleFirst files against a
// floor_data apply plus curl uploading the same files, 8 at once over
// kept-alive connections.
func (b *bench) scaleFirstApply() error {
	n := *scaleFirst
	src := filepath.Join(b.dir, "scale-first-src")
	if err := syncTree(src, n); err != nil {
		return err
	}
	syncDir, floorDir := filepath.Join(b.dir, "scale-first-tf"), filepath.Join(b.dir, "scale-first-floor")
	if err := writeConfig(syncDir, syncConfig(src, "/local/bench/scale-first")); err != nil {
		return err
	}
	var applies, bases []time.Duration
	var apply result
	for i := range *manyRuns {
		step(fmt.Sprintf("%d files: first apply against floor_data + curl %d/%d", n, i+1, *manyRuns))
		if err := writeConfig(floorDir, fmt.Sprintf("resource \"floor_data\" \"one\" {\n  input = \"run %d\"\n}\n", i)); err != nil {
			return err
		}
		f, err := b.terraform(floorDir, "apply", "-auto-approve")
		if err != nil {
			return err
		}
		c, err := b.curlTree(src, "/local/bench/scale-curl", n)
		if err != nil {
			return err
		}
		if err := os.RemoveAll(b.srv.DiskPath("/local/bench/scale-curl")); err != nil {
			return err
		}
		bases = append(bases, f.d+c)
		if apply, err = b.terraform(syncDir, "apply", "-auto-approve"); err != nil {
			return err
		}
		applies = append(applies, apply.d)
		if _, err := b.terraform(syncDir, "destroy", "-auto-approve"); err != nil {
			return err
		}
	}
	b.ratioRow(fmt.Sprintf("%d files × 1 KiB, alist_directory_sync: first apply", n), median(applies), median(bases),
		fmt.Sprintf("floor_data apply + curl -T of the same files, %d at once", syncParallelism), 1.2)
	b.notes = append(b.notes, fmt.Sprintf("%d files first apply, CPU seconds (last run): terraform %.1f + provider %.1f + test server %.1f, wall %s on %d cores shared with the server.",
		n, apply.cpuTerraform, apply.cpuProvider, apply.cpuServer, secs(apply.d), 2))
	return nil
}

// curlList lists every folder of syncTree's n files below remote, and
// remote itself, with refresh (as a plan's refresh does), syncParallelism
// at once over kept-alive connections: the remote listing no design can
// avoid while it checks for drift.
func (b *bench) curlList(remote string, n int) (time.Duration, error) {
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "parallel\nparallel-max = %d\nsilent\nshow-error\nfail\n", syncParallelism)
	for i := -1; i < (n+99)/100; i++ {
		p := remote
		if i >= 0 {
			p = fmt.Sprintf("%s/d%03d", remote, i)
			cfg.WriteString("next\n")
		}
		fmt.Fprintf(&cfg, "url = %q\ndata = %q\noutput = \"/dev/null\"\nheader = \"Authorization: %s\"\nheader = \"Content-Type: application/json\"\n",
			b.srv.URL+"/api/fs/list", fmt.Sprintf(`{"path":%q,"refresh":true,"per_page":0}`, p), b.token)
	}
	name := filepath.Join(b.dir, "curl-list.cfg")
	if err := os.WriteFile(name, []byte(cfg.String()), 0o600); err != nil {
		return 0, err
	}
	t0 := time.Now()
	if out, err := exec.Command("curl", "-K", name).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("curl: %v\n%s", err, out)
	}
	return time.Since(t0), nil
}
