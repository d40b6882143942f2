package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/alist-terraform/terraform-provider-alist/internal/proctune"
)

var (
	syncFiles   = flag.Int("sync-files", 10000, "files in the alist_directory_sync tree (1 KiB each, 100 per folder)")
	syncCompare = flag.Int("sync-compare", 1000, "files for alist_directory_sync versus for_each over alist_file")
)

// syncParallelism is alist_directory_sync's default, and the concurrency
// of the curl baseline: the same number of requests, as many at once.
const syncParallelism = 8

// syncTree writes n files of 1 KiB in folders of 100 below dir.
func syncTree(dir string, n int) error { return writeTree(dir, n, 100, 1024) }

// writeTree writes n files of size bytes, perFolder to a folder, below dir
// (dNNN/fNNNNN.bin).
func writeTree(dir string, n, perFolder int, size int64) error {
	for i := range n {
		p := filepath.Join(dir, treeFile(i, perFolder))
		if i%perFolder == 0 {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
		}
		if err := makeFile(p, size, uint64(i)+1); err != nil {
			return err
		}
	}
	return nil
}

// treeFile is the relative path of writeTree's i-th file.
func treeFile(i, perFolder int) string { return fmt.Sprintf("d%03d/f%05d.bin", i/perFolder, i) }

func syncConfig(src, remote string) string {
	return fmt.Sprintf("resource \"alist_directory_sync\" \"s\" {\n  source_dir = %q\n  path       = %q\n}\n", src, remote)
}

// sync measures alist_directory_sync against the wire (curl uploading the
// same files, as many at once) and against Terraform's floor, then the
// edit of a few files, the comparison with for_each over alist_file, and
// the provider's memory with a large file in the tree.
func (b *bench) sync() error {
	n := *syncFiles
	src := filepath.Join(b.dir, "sync-src")
	step(fmt.Sprintf("alist_directory_sync: writing %d files of 1 KiB", n))
	if err := syncTree(src, n); err != nil {
		return err
	}
	syncDir, floorDir := filepath.Join(b.dir, "sync-tf"), filepath.Join(b.dir, "sync-floor")
	if err := writeConfig(syncDir, syncConfig(src, "/local/bench/sync")); err != nil {
		return err
	}
	if err := writeConfig(floorDir, "resource \"floor_data\" \"one\" {\n  input = \"x\"\n}\n"); err != nil {
		return err
	}
	if _, err := b.terraform(floorDir, "apply", "-auto-approve"); err != nil {
		return err
	}
	// Terraform's own cost of the files map: terraform_data holding the
	// same map, with no plugin at all.
	mapDir := filepath.Join(b.dir, "sync-map")
	if err := writeTreeMap(src, filepath.Join(mapDir, "files.json")); err != nil {
		return err
	}
	if err := writeConfig(mapDir, "resource \"terraform_data\" \"files\" {\n  input = jsondecode(file(\"${path.module}/files.json\"))\n}\n"); err != nil {
		return err
	}
	if _, err := b.terraform(mapDir, "apply", "-auto-approve"); err != nil {
		return err
	}
	var applies, curls, plans, floorPlans, mapPlans []time.Duration
	var apply, plan result
	for i := range *manyRuns {
		step(fmt.Sprintf("%d files: curl, alist_directory_sync apply, no-op plans %d/%d", n, i+1, *manyRuns))
		d, err := b.curlTree(src, "/local/bench/curl", n)
		if err != nil {
			return err
		}
		curls = append(curls, d)
		if err := os.RemoveAll(b.srv.DiskPath("/local/bench/curl")); err != nil {
			return err
		}
		if apply, err = b.terraform(syncDir, "apply", "-auto-approve"); err != nil {
			return err
		}
		applies = append(applies, apply.d)
		for range 3 {
			if plan, err = b.terraform(syncDir, "plan", "-detailed-exitcode"); err != nil {
				return err
			}
			plans = append(plans, plan.d)
			r, err := b.terraform(floorDir, "plan", "-detailed-exitcode")
			if err != nil {
				return err
			}
			floorPlans = append(floorPlans, r.d)
			if r, err = b.terraform(mapDir, "plan", "-detailed-exitcode"); err != nil {
				return err
			}
			mapPlans = append(mapPlans, r.d)
		}
		if i < *manyRuns-1 {
			if _, err := b.terraform(syncDir, "destroy", "-auto-approve"); err != nil {
				return err
			}
		}
	}
	label := fmt.Sprintf("%d files of 1 KiB in %d folders, alist_directory_sync", n, (n+99)/100)
	b.ratioRow(label+": first apply", median(applies), median(curls), fmt.Sprintf("curl -T of the same files, %d at once", syncParallelism), 1.3)
	b.ratioRow(label+": no-op plan", median(plans), median(floorPlans), "floor_data no-op plan of one resource", 3)
	b.ratioRow(label+": no-op plan, against Terraform's cost of a map of every file", median(plans), median(mapPlans),
		fmt.Sprintf("terraform_data holding the same %d-entry map", n), 0)
	cores := float64(runtime.NumCPU())
	cpuAll := apply.cpuTerraform + apply.cpuProvider + apply.cpuServer
	b.notes = append(b.notes, fmt.Sprintf("%s first apply, CPU seconds (last run): terraform %.1f + provider %.1f + test server %.1f, wall %s; provider peak RSS %.1f MiB. "+
		"Together %.1f CPU-seconds: even perfectly spread over the %.0f cores the apply cannot take less than %s, %.2fx the curl baseline, whose uploads the same server receives. "+
		"The uploads themselves take about as long as curl's (the next note); the rest is the %d files' records (at most 1,000 lines of `changes`, the private state), "+
		"the plan's reading and hashing of every file (a first apply has no fingerprints yet), and the provider's HTTP client on the same cores as the server. "+
		"With the server on another machine, as in real use, the provider's and Terraform's CPU would no longer take turns with it.",
		label, apply.cpuTerraform, apply.cpuProvider, apply.cpuServer, secs(apply.d), float64(apply.peak)/(1<<20),
		cpuAll, cores, secs(time.Duration(cpuAll/cores*float64(time.Second))), cpuAll/cores/median(curls).Seconds(), n))
	b.notes = append(b.notes, fmt.Sprintf("%s no-op plan, CPU seconds (last run): terraform %.1f + provider %.1f + test server %.1f, wall %s. "+
		"A map of every file (the `files` attribute of schema version 0) would cost Terraform itself more than the whole plan: terraform_data holding the same %d-entry map, "+
		"with no plugin at all, plans in %s (the row above); the state now holds only the pending `changes` and a `digest` (docs/development/folders-at-scale.md). "+
		"The plan reads no file (fingerprints) and lists the remote folder in one request per folder.",
		label, plan.cpuTerraform, plan.cpuProvider, plan.cpuServer, secs(plan.d), n, secs(median(mapPlans))))

	if err := b.syncEdit(src, syncDir, n); err != nil {
		return err
	}
	if _, err := b.terraform(syncDir, "destroy", "-auto-approve"); err != nil {
		return err
	}
	if err := b.syncUploadPhase(syncDir, n, median(curls)); err != nil {
		return err
	}
	if err := b.syncVersusForEach(); err != nil {
		return err
	}
	return b.syncMemory(src, syncDir)
}

// writeCurlConfig writes a curl -K config that sends the requests
// syncParallelism at a time over kept-alive connections.
func writeCurlConfig(name string, requests []string) error {
	head := fmt.Sprintf("parallel\nparallel-max = %d\nsilent\nshow-error\nfail\n", syncParallelism)
	return os.WriteFile(name, []byte(head+strings.Join(requests, "next\n")), 0o600)
}

// curlTree uploads the n files of syncTree with curl -T, syncParallelism at
// once over kept-alive connections (curl's own parallel transfers).
func (b *bench) curlTree(src, remote string, n int) (time.Duration, error) {
	requests := make([]string, n)
	for i := range n {
		rel := treeFile(i, 100)
		requests[i] = fmt.Sprintf("url = %q\nupload-file = %q\noutput = \"/dev/null\"\nheader = \"Authorization: %s\"\nheader = \"File-Path: %s/%s\"\n",
			b.srv.URL+"/api/fs/put", filepath.Join(src, rel), b.token, remote, rel)
	}
	name := filepath.Join(b.dir, "curl-tree.cfg")
	if err := writeCurlConfig(name, requests); err != nil {
		return 0, err
	}
	before := b.srv.Count("/api/fs/put")
	t0 := time.Now()
	if out, err := exec.Command("curl", "-K", name).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("curl: %v\n%s", err, out)
	}
	d := time.Since(t0)
	if got := b.srv.Count("/api/fs/put") - before; got != n {
		return 0, fmt.Errorf("curl sent %d uploads, want %d", got, n)
	}
	return d, nil
}

var filesReadRE = regexp.MustCompile(`planned a folder sync.*files_read=(\d+)`)

// syncEdit edits 10 files: the plan must read exactly those, and the apply
// send exactly those (the server's count).
func (b *bench) syncEdit(src, syncDir string, n int) error {
	const edited = 10
	step(fmt.Sprintf("%d files: edit %d, plan and apply", n, edited))
	for i := range edited {
		p := filepath.Join(src, treeFile(i*n/edited, 100))
		if err := makeFile(p, 1024, uint64(1e6+i)); err != nil {
			return err
		}
	}
	logFile := filepath.Join(b.dir, "sync-edit-plan.log")
	_ = os.Remove(logFile)
	r, err := b.terraformEnv(syncDir, []string{"TF_LOG_PROVIDER=debug", "TF_LOG_PATH=" + logFile}, "plan", "-out=edit.tfplan")
	if err != nil {
		return err
	}
	log, err := os.ReadFile(logFile)
	if err != nil {
		return err
	}
	read := -1
	if m := filesReadRE.FindSubmatch(log); m != nil {
		read, _ = strconv.Atoi(string(m[1]))
	}
	before := b.srv.Count("/api/fs/put")
	a, err := b.terraform(syncDir, "apply", "edit.tfplan")
	if err != nil {
		return err
	}
	sent := b.srv.Count("/api/fs/put") - before
	label := fmt.Sprintf("%d files, %d edited", n, edited)
	b.rows = append(b.rows,
		row{what: label + ": files the plan reads", got: fmt.Sprint(read), base: fmt.Sprintf("%d edited", edited), ratio: float64(read), target: edited, unit: "files"},
		row{what: label + ": uploads of the apply", got: fmt.Sprint(sent), base: fmt.Sprintf("%d edited", edited), ratio: float64(sent), target: edited, unit: "files"})
	if read != edited || sent != edited {
		b.notes = append(b.notes, fmt.Sprintf("%s: the plan read %d files and the apply sent %d; both should be exactly %d.", label, read, sent, edited))
	}
	b.notes = append(b.notes, fmt.Sprintf("%s: the plan took %s, its apply %s.", label, secs(r.d), secs(a.d)))
	return nil
}

// syncVersusForEach publishes the same folder with one alist_directory_sync
// and with for_each over alist_file.
func (b *bench) syncVersusForEach() error {
	n := *syncCompare
	src := filepath.Join(b.dir, "compare-src")
	if err := syncTree(src, n); err != nil {
		return err
	}
	syncDir, eachDir := filepath.Join(b.dir, "compare-sync"), filepath.Join(b.dir, "compare-each")
	if err := writeConfig(syncDir, syncConfig(src, "/local/bench/compare-sync")); err != nil {
		return err
	}
	if err := writeConfig(eachDir, fmt.Sprintf("resource \"alist_file\" \"f\" {\n  for_each = fileset(%q, \"**\")\n  path     = \"/local/bench/compare-each/${each.value}\"\n  source   = \"%s/${each.value}\"\n}\n", src, src)); err != nil {
		return err
	}
	step(fmt.Sprintf("%d files: alist_directory_sync versus for_each over alist_file", n))
	times := map[string]time.Duration{}
	for _, c := range []struct {
		name, dir string
		args      []string
	}{
		{"sync apply", syncDir, []string{"apply", "-auto-approve"}},
		{"sync plan", syncDir, []string{"plan", "-detailed-exitcode"}},
		{"each apply", eachDir, []string{"apply", "-auto-approve"}},
		{"each plan", eachDir, []string{"plan", "-detailed-exitcode"}},
		{"sync destroy", syncDir, []string{"destroy", "-auto-approve"}},
		{"each destroy", eachDir, []string{"destroy", "-auto-approve"}},
	} {
		r, err := b.terraform(c.dir, c.args...)
		if err != nil {
			return err
		}
		times[c.name] = r.d
	}
	label := fmt.Sprintf("%d files", n)
	for _, op := range []string{"apply", "plan"} {
		sync, each := times["sync "+op], times["each "+op]
		what := label + ": for_each over alist_file ÷ alist_directory_sync, " + map[string]string{"apply": "first apply", "plan": "no-op plan"}[op]
		b.rows = append(b.rows, row{what: what, got: secs(sync) + " (alist_directory_sync)", base: secs(each) + " (for_each over alist_file)",
			ratio: each.Seconds() / sync.Seconds(), target: -10, unit: "x"})
	}
	return nil
}

// syncMemory publishes the tree with a 1 GiB file added: the provider's
// peak RSS stays that of a small upload.
func (b *bench) syncMemory(src, syncDir string) error {
	large := filepath.Join(src, "large", "large.bin")
	if err := os.MkdirAll(filepath.Dir(large), 0o755); err != nil {
		return err
	}
	if err := makeFile(large, int64(*largeMiB)<<20, 42); err != nil {
		return err
	}
	defer func() { _ = os.Remove(large) }()
	step(fmt.Sprintf("%d files plus a %d MiB file: provider memory", *syncFiles, *largeMiB))
	r, err := b.terraform(syncDir, "apply", "-auto-approve")
	if err != nil {
		return err
	}
	if _, err := b.terraform(syncDir, "destroy", "-auto-approve"); err != nil {
		return err
	}
	b.rows = append(b.rows, row{what: fmt.Sprintf("provider peak RSS, alist_directory_sync of %d files plus a %d MiB file", *syncFiles, *largeMiB),
		got: fmt.Sprintf("%.1f MiB", float64(r.peak)/(1<<20)), base: "64 MiB", ratio: float64(r.peak) / (1 << 20), target: 64, unit: "MiB"})
	b.notes = append(b.notes, fmt.Sprintf("alist_directory_sync of %d files plus a %d MiB file: apply %s.", *syncFiles, *largeMiB, secs(r.d)))
	return nil
}

// writeTreeMap writes what `files` holds for the tree below src (relative
// path → SHA-256) as JSON.
func writeTreeMap(src, name string) error {
	m := map[string]string{}
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		m[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		return err
	}
	return writeJSONFile(name, m)
}

// writeJSONFile writes v as JSON into name, making its folder.
func writeJSONFile(name string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, raw, 0o644)
}

var uploadsMsRE = regexp.MustCompile(`applied a folder sync.*uploads_ms=(\d+)`)

// syncUploadPhase applies the tree once more with the provider's debug log
// (the API client's lines off) and reports how long its upload phase took,
// as the provider measures it, against curl's upload of the same files.
func (b *bench) syncUploadPhase(syncDir string, n int, curl time.Duration) error {
	up, r, err := b.timedApply(syncDir, "sync-apply-debug.log", uploadsMsRE)
	if err != nil {
		return err
	}
	if _, err := b.terraform(syncDir, "destroy", "-auto-approve"); err != nil {
		return err
	}
	b.notes = append(b.notes, fmt.Sprintf("%d files: the apply's upload phase (the %d uploads, %d at once, and the read-back of one listing per folder), timed by the provider: %s, "+
		"%.2fx curl's %s for the same uploads; the whole apply took %s in that run.", n, n, syncParallelism, secs(up), up.Seconds()/curl.Seconds(), secs(curl), secs(r.d)))
	return nil
}

// timedApply applies dir with the provider's debug log (the API client's
// lines off) in logName, and returns the phase the provider timed there:
// the milliseconds that re's first group finds.
func (b *bench) timedApply(dir, logName string, re *regexp.Regexp) (time.Duration, result, error) {
	logFile := filepath.Join(b.dir, logName)
	_ = os.Remove(logFile)
	r, err := b.terraformEnv(dir, []string{"TF_LOG_PROVIDER=debug", proctune.APILogEnv + "=off", "TF_LOG_PATH=" + logFile}, "apply", "-auto-approve")
	if err != nil {
		return 0, r, err
	}
	log, err := os.ReadFile(logFile)
	if err != nil {
		return 0, r, err
	}
	m := re.FindSubmatch(log)
	if m == nil {
		return 0, r, fmt.Errorf("no timing (%s) in %s", re, logFile)
	}
	ms, _ := strconv.Atoi(string(m[1]))
	return time.Duration(ms) * time.Millisecond, r, nil
}
