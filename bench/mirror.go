package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"time"
)

var (
	mirrorFiles = flag.Int("mirror-files", 1000, "files of 4 KiB in 50 folders for alist_directory_mirror's first apply")
	mirrorLarge = flag.Int("mirror-large", 10000, "files of 1 KiB, 100 per folder, for alist_directory_mirror's plans and memory")
)

const (
	mirrorFolders = 50
	mirrorSize    = 4096
	// mirrorSrc and mirrorLargeSrc are on the first storage, the copies on
	// the second: a copy between storages is a server task per file.
	mirrorSrc      = "/local/bench/mirror-src"
	mirrorLargeSrc = "/local/bench/mirror-large-src"
	mirrorLargeDst = "/local2/bench/mirror-large"
)

func mirrorConfig(src, dst string) string {
	return fmt.Sprintf("resource \"alist_directory_mirror\" \"m\" {\n  source_path = %q\n  path        = %q\n}\n", src, dst)
}

// mirror measures alist_directory_mirror between two storages of the test
// server against the server copying the same tree when asked directly
// (one fs/copy by curl, then curl polling the task list), then a large
// tree's no-op plan against listing both trees by curl, the copies of an
// apply after 10 edits, and the provider's memory and logins.
func (b *bench) mirror() error {
	if err := b.mirrorFirstApply(); err != nil {
		return err
	}
	return b.mirrorLargeTree()
}

// copyCounts is what the server counted of the copy routes.
type copyCounts struct{ copies, lists, infos, mkdirs, fsLists int }

func (b *bench) copyCounts() copyCounts {
	p := b.taskRoute()
	return copyCounts{copies: b.srv.Count("/api/fs/copy"), lists: b.srv.Count(p + "undone"), infos: b.srv.Count(p + "info"),
		mkdirs: b.srv.Count("/api/fs/mkdir"), fsLists: b.srv.Count("/api/fs/list")}
}

func (c copyCounts) minus(o copyCounts) copyCounts {
	return copyCounts{c.copies - o.copies, c.lists - o.lists, c.infos - o.infos, c.mkdirs - o.mkdirs, c.fsLists - o.fsLists}
}

// taskRoute is the prefix of the copy task routes the admin uses.
func (b *bench) taskRoute() string {
	info, err := b.session.Info(context.Background())
	if err == nil && info.UserTaskRoutes() {
		return "/api/task/copy/"
	}
	return "/api/admin/task/copy/"
}

func (b *bench) mirrorFirstApply() error {
	n := *mirrorFiles
	per := (n + mirrorFolders - 1) / mirrorFolders
	step(fmt.Sprintf("alist_directory_mirror: writing %d files of %d KiB in %d folders", n, mirrorSize/1024, mirrorFolders))
	if err := writeTree(b.srv.DiskPath(mirrorSrc), n, per, mirrorSize); err != nil {
		return err
	}
	floorDir := filepath.Join(b.dir, "mirror-floor")
	if err := writeConfig(floorDir, "resource \"floor_data\" \"one\" {\n  input = \"x\"\n}\n"); err != nil {
		return err
	}
	var applies, floors, curls []time.Duration
	var last result
	var counts copyCounts
	var logins int
	for i := range *runs {
		step(fmt.Sprintf("%d files: alist_directory_mirror first apply, floor_data apply, fs/copy by curl %d/%d", n, i+1, *runs))
		dir, dst := filepath.Join(b.dir, fmt.Sprintf("mirror-tf-%d", i)), fmt.Sprintf("/local2/bench/mirror-%d", i)
		if err := writeConfig(dir, mirrorConfig(mirrorSrc, dst)); err != nil {
			return err
		}
		c0, l0 := b.copyCounts(), b.srv.Logins()
		r, err := b.terraform(dir, "apply", "-auto-approve")
		if err != nil {
			return err
		}
		applies, last, counts, logins = append(applies, r.d), r, b.copyCounts().minus(c0), b.srv.Logins()-l0
		if err := b.checkCopied(dst, n); err != nil {
			return err
		}
		if r, err = b.terraform(floorDir, "apply", "-auto-approve"); err != nil {
			return err
		}
		floors = append(floors, r.d)
		if _, err := b.terraform(floorDir, "destroy", "-auto-approve"); err != nil {
			return err
		}
		d, err := b.curlCopy(mirrorSrc, fmt.Sprintf("/local2/bench/curl-copy-%d", i), n)
		if err != nil {
			return err
		}
		curls = append(curls, d)
	}
	copyPhase, whole, err := b.mirrorCopyPhase()
	if err != nil {
		return err
	}
	label := fmt.Sprintf("%d files of %d KiB in %d folders, alist_directory_mirror between two storages", n, mirrorSize/1024, mirrorFolders)
	base := median(floors) + median(curls)
	b.ratioRow(label+": first apply", median(applies), base, "floor_data apply + one fs/copy of the folder by curl, polling the task list", 1.5)
	cpuAll := last.cpuTerraform + last.cpuProvider + last.cpuServer
	b.notes = append(b.notes, fmt.Sprintf("%s, first apply: the baseline is a floor_data apply (%s, what any plugin provider's apply costs) plus the server copying the tree when asked directly "+
		"(%s: one fs/copy of the folder by curl, then curl asking for the undone copy tasks until none is left; the server runs 5 at once and queues the rest). "+
		"The apply (last run: wall %s; CPU seconds terraform %.1f + provider %.1f + test server %.1f, together %.1f on %d cores) plans and applies: "+
		"%d fs/list (the source's %d folders when planning, again when the apply checks its plan, and in the apply; the destination before and after the copies), "+
		"%d fs/mkdir (the destination folders: the provider records which it made), "+
		"%d fs/copy (the files of a folder in one call, the small files queued on the server beyond the 5 it runs), %d undone lists and %d task lookups; %d logins (the plan's and the apply's provider process).",
		label, secs(median(floors)), secs(median(curls)), secs(last.d), last.cpuTerraform, last.cpuProvider, last.cpuServer, cpuAll, runtime.NumCPU(),
		counts.fsLists, mirrorFolders+1, counts.mkdirs, counts.copies, counts.lists, counts.infos, logins))
	b.notes = append(b.notes, fmt.Sprintf("%s: the apply's copy phase (the %d files sent with fs/copy and their tasks followed to their end), timed by the provider: %s, "+
		"%.2fx the server's own copy of the tree when asked directly (%s); the whole apply took %s in that run. The rest is Terraform, the plan, the listings and the folders.",
		label, n, secs(copyPhase), copyPhase.Seconds()/median(curls).Seconds(), secs(median(curls)), secs(whole)))
	return nil
}

var copyMsRE = regexp.MustCompile(`applied a folder mirror.*copy_ms=(\d+)`)

// mirrorCopyPhase applies the tree once more to a new destination with the
// provider's debug log (the API client's lines off) and returns how long
// its copy phase took, as the provider measures it, and the whole apply.
func (b *bench) mirrorCopyPhase() (time.Duration, time.Duration, error) {
	dir := filepath.Join(b.dir, "mirror-tf-timed")
	if err := writeConfig(dir, mirrorConfig(mirrorSrc, "/local2/bench/mirror-timed")); err != nil {
		return 0, 0, err
	}
	d, r, err := b.timedApply(dir, "mirror-apply-debug.log", copyMsRE)
	return d, r.d, err
}

// checkCopied fails unless the folder dst holds n files on disk.
func (b *bench) checkCopied(dst string, n int) error {
	got := 0
	err := filepath.WalkDir(b.srv.DiskPath(dst), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			got++
		}
		return err
	})
	if err != nil {
		return err
	}
	if got != n {
		return fmt.Errorf("%s holds %d files after the copy, want %d", dst, got, n)
	}
	return nil
}

// curlCopy has the server copy the folder src into a new folder dst with
// one fs/copy sent by curl, then polls the copy task list with curl until
// no task is undone: what a user asking the server directly waits for.
func (b *bench) curlCopy(src, dst string, n int) (time.Duration, error) {
	parent, name := filepath.Dir(src), filepath.Base(src)
	script := `set -e
curl -sS --fail -H "Authorization: $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"src_dir\":\"$SRC_DIR\",\"dst_dir\":\"$DST_DIR\",\"names\":[\"$NAME\"],\"overwrite\":true}" "$URL/api/fs/copy" | grep -q '"code":200'
while curl -sS --fail -H "Authorization: $TOKEN" "$URL$UNDONE" | grep -q '"id":'; do :; done
`
	cmd := exec.Command("sh", "-c", script)
	cmd.Env = append(os.Environ(), "TOKEN="+b.token, "URL="+b.srv.URL, "UNDONE="+b.taskRoute()+"undone", "SRC_DIR="+parent, "DST_DIR="+dst, "NAME="+name)
	t0 := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("fs/copy by curl: %v\n%s", err, out)
	}
	d := time.Since(t0)
	return d, b.checkCopied(dst+"/"+name, n)
}

// mirrorLargeTree mirrors a tree of *mirrorLarge files: the first apply
// (peak RSS, logins, state size), no-op plans against the two trees listed
// by curl plus a floor_data plan (and without refresh against floor_data
// alone), then an apply after editing 10 files, whose copies the server
// counts.
func (b *bench) mirrorLargeTree() error {
	n := *mirrorLarge
	step(fmt.Sprintf("alist_directory_mirror: writing %d files of 1 KiB", n))
	srcDisk := b.srv.DiskPath(mirrorLargeSrc)
	if err := syncTree(srcDisk, n); err != nil {
		return err
	}
	dir := filepath.Join(b.dir, "mirror-large-tf")
	if err := writeConfig(dir, mirrorConfig(mirrorLargeSrc, mirrorLargeDst)); err != nil {
		return err
	}
	floorDir := filepath.Join(b.dir, "mirror-floor")
	if _, err := b.terraform(floorDir, "apply", "-auto-approve"); err != nil {
		return err
	}
	// The first apply as a saved plan and its apply: each terraform command
	// starts its own provider processes, whose logins are counted apart.
	step(fmt.Sprintf("%d files: alist_directory_mirror first plan and apply", n))
	l0 := b.srv.Logins()
	first, err := b.terraform(dir, "plan", "-out=first.tfplan")
	if err != nil {
		return err
	}
	l1 := b.srv.Logins()
	apply, err := b.terraform(dir, "apply", "first.tfplan")
	if err != nil {
		return err
	}
	planLogins, applyLogins := l1-l0, b.srv.Logins()-l1
	if err := b.checkCopied(mirrorLargeDst, n); err != nil {
		return err
	}
	st, err := os.Stat(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		return err
	}
	peak := max(first.peak, apply.peak)
	var plans, fresh, lists, floors []time.Duration
	var plan result
	for i := range *runs {
		step(fmt.Sprintf("%d files: alist_directory_mirror no-op plans (with and without refresh), the trees listed by curl, a floor_data plan %d/%d", n, i+1, *runs))
		if plan, err = b.terraform(dir, "plan", "-detailed-exitcode"); err != nil {
			return err
		}
		plans, peak = append(plans, plan.d), max(peak, plan.peak)
		d, err := b.curlListTrees(n, mirrorLargeSrc, mirrorLargeDst)
		if err != nil {
			return err
		}
		lists = append(lists, d)
		r, err := b.terraform(floorDir, "plan", "-detailed-exitcode")
		if err != nil {
			return err
		}
		floors = append(floors, r.d)
		if r, err = b.terraform(dir, "plan", "-detailed-exitcode", "-refresh=false"); err != nil {
			return err
		}
		fresh = append(fresh, r.d)
	}
	label := fmt.Sprintf("%d files of 1 KiB in %d folders, alist_directory_mirror", n, (n+99)/100)
	b.ratioRow(label+": no-op plan", median(plans), median(lists)+median(floors), "the two trees listed by curl in parallel + floor_data no-op plan", 1.2)
	b.ratioRow(label+": no-op plan with -refresh=false", median(fresh), median(floors), "floor_data no-op plan", 2)
	b.rows = append(b.rows, row{what: label + ": state file per file", got: fmt.Sprintf("%.1f bytes", float64(st.Size())/float64(n)), base: "40 bytes",
		ratio: float64(st.Size()) / float64(n), target: 40, unit: "bytes"})
	b.notes = append(b.notes, fmt.Sprintf("%s no-op plan: the baseline is the %d folders of each tree listed by curl, both trees at once and %d requests at a time per tree (%s), "+
		"plus a floor_data no-op plan (%s). The provider's plan (last run: wall %s; CPU seconds terraform %.1f + provider %.1f + test server %.1f) "+
		"lists the same folders and compares them with the records of its private state; `changes` is empty and `digest` one string, so Terraform diffs nothing per file. "+
		"The state file after the first apply: %d bytes (%.1f a file).",
		label, (n+99)/100+1, syncParallelism, secs(median(lists)), secs(median(floors)), secs(plan.d), plan.cpuTerraform, plan.cpuProvider, plan.cpuServer, st.Size(), float64(st.Size())/float64(n)))

	copies, d, err := b.mirrorEdit(dir, srcDisk, n)
	if err != nil {
		return err
	}
	const edited = 10
	b.rows = append(b.rows,
		row{what: fmt.Sprintf("%d files, %d edited: files the apply copies (counted by the server)", n, edited), got: fmt.Sprint(copies),
			base: fmt.Sprintf("%d edited", edited), ratio: float64(copies), target: edited, unit: "files"},
		row{what: label + ": provider peak RSS (first apply and no-op plans)", got: fmt.Sprintf("%.1f MiB", float64(peak)/mib), base: "64 MiB",
			ratio: float64(peak) / mib, target: 64, unit: "MiB"},
		row{what: label + ": logins during the first apply (of its saved plan)", got: fmt.Sprint(applyLogins), base: fmt.Sprintf("%d provider processes started by terraform", apply.procs),
			ratio: float64(applyLogins), target: 1, unit: "logins"})
	b.notes = append(b.notes, fmt.Sprintf("%s, logins: the plan logged in %d time(s) and the apply of the saved plan %d, one per terraform command, however many files and copy tasks: "+
		"every call of a command's provider processes shares one session. The plan must log in, as it lists both trees; no provider process hands its token to the next, "+
		"so `terraform apply` without a saved plan (a plan and an apply in one command) logs in twice.", label, planLogins, applyLogins))
	if copies != edited {
		b.notes = append(b.notes, fmt.Sprintf("%d files, %d edited: the apply copied %d files; it should be exactly %d.", n, edited, copies, edited))
	}
	b.notes = append(b.notes, fmt.Sprintf("%s: first plan %s and its apply %s (provider peak RSS %.1f and %.1f MiB; no-op plan %.1f MiB); after %d edits, apply %s.",
		label, secs(first.d), secs(apply.d), float64(first.peak)/mib, float64(apply.peak)/mib, float64(plan.peak)/mib, edited, secs(d)))
	return nil
}

// curlListTrees lists every folder of the two trees of syncTree(n) below
// a and b with curl, both trees at once, syncParallelism requests at a
// time each (as the provider's walks), and returns the wall time.
func (b *bench) curlListTrees(n int, roots ...string) (time.Duration, error) {
	var cmds []*exec.Cmd
	for k, root := range roots {
		folders := []string{root}
		for d := range (n + 99) / 100 {
			folders = append(folders, fmt.Sprintf("%s/d%03d", root, d))
		}
		requests := make([]string, len(folders))
		for i, f := range folders {
			requests[i] = fmt.Sprintf("url = %q\noutput = \"/dev/null\"\nheader = \"Authorization: %s\"\nheader = \"Content-Type: application/json\"\ndata = %q\n",
				b.srv.URL+"/api/fs/list", b.token, fmt.Sprintf(`{"path":%q,"page":1,"per_page":500}`, f))
		}
		name := filepath.Join(b.dir, fmt.Sprintf("curl-list-%d.cfg", k))
		if err := writeCurlConfig(name, requests); err != nil {
			return 0, err
		}
		cmds = append(cmds, exec.Command("curl", "-K", name))
	}
	before := b.srv.Count("/api/fs/list")
	t0 := time.Now()
	for _, c := range cmds {
		if err := c.Start(); err != nil {
			return 0, err
		}
	}
	for _, c := range cmds {
		if err := c.Wait(); err != nil {
			return 0, fmt.Errorf("curl listing: %v", err)
		}
	}
	d := time.Since(t0)
	if got, want := b.srv.Count("/api/fs/list")-before, len(roots)*((n+99)/100+1); got != want {
		return 0, fmt.Errorf("curl sent %d listings, want %d", got, want)
	}
	return d, nil
}

// mirrorEdit edits 10 source files (new bytes, a later time) and applies
// the plan: it returns how many files the server copied for the apply,
// and its time.
func (b *bench) mirrorEdit(dir, srcDisk string, n int) (int, time.Duration, error) {
	const edited = 10
	step(fmt.Sprintf("%d files: edit %d, plan and apply", n, edited))
	for i := range edited {
		p := filepath.Join(srcDisk, treeFile(i*n/edited, 100))
		fi, err := os.Stat(p)
		if err != nil {
			return 0, 0, err
		}
		if err := makeFile(p, 1024, uint64(2e6+i)); err != nil {
			return 0, 0, err
		}
		t := fi.ModTime().Add(time.Hour) // surely another second than the copy's
		if err := os.Chtimes(p, t, t); err != nil {
			return 0, 0, err
		}
	}
	if _, err := b.terraform(dir, "plan", "-out=edit.tfplan"); err != nil {
		return 0, 0, err
	}
	before := b.srv.CopiesTotal()
	r, err := b.terraform(dir, "apply", "edit.tfplan")
	if err != nil {
		return 0, 0, err
	}
	return b.srv.CopiesTotal() - before, r.d, nil
}
