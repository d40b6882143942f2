// Command bench measures the provider against its baselines, side by side in
// one run, on the local test server over loopback, and writes BENCHMARKS.md.
//
// Baselines: Terraform's own cost (terraform_data with the same shape of
// configuration) and the wire (curl -T of the same file to the same server).
// It is a benchmark, not a test: it reports ratios and marks missed targets,
// and exits non-zero only when it cannot measure.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

var (
	largeMiB = flag.Int("large-mib", 1024, "size of the large file, MiB")
	files    = flag.Int("files", 500, "number of small files")
	runs     = flag.Int("runs", 3, "runs per large-file measurement (the median is reported)")
	manyRuns = flag.Int("many-runs", 2, "runs of the many-files measurements (the median is reported)")
	out      = flag.String("out", "BENCHMARKS.md", "where to write the table")
	work     = flag.String("work", ".bench", "scratch folder")
	only     = flag.String("only", "", "measure only these parts, comma-separated: large, many, sync, scale, mirror, profiles (the table then holds only their rows; profiles profiles the parts measured)")
)

type bench struct {
	tf, cli, dir string
	profCLI      string // CLI config selecting the profiling build
	srv          *alisttest.Server
	session      *alist.Session // the admin's, for what curl cannot count
	token        string
	rows         []row
	notes        []string
}

type row struct {
	what, got, base string
	ratio, target   float64
	unit            string // "x" for ratios, or a unit for absolute rows
}

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	b := &bench{}
	var err error
	if b.tf, err = exec.LookPath("terraform"); err != nil {
		return fmt.Errorf("terraform is not on PATH")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		return fmt.Errorf("curl is not on PATH (the wire baseline)")
	}
	b.dir, _ = filepath.Abs(*work)
	if err := os.RemoveAll(b.dir); err != nil {
		return err
	}
	bin, profBin := filepath.Join(b.dir, "bin"), filepath.Join(b.dir, "bin-pprof")
	step("building the provider, its profiling build and the floor provider")
	for _, c := range [][]string{
		{"-o", filepath.Join(bin, "terraform-provider-alist"), "."},
		{"-tags", "pprof", "-o", filepath.Join(profBin, "terraform-provider-alist"), "."},
		{"-o", filepath.Join(bin, "terraform-provider-floor"), "./bench/floorprovider"},
	} {
		if err := sh("", nil, "go", append([]string{"build", "-trimpath"}, c...)...); err != nil {
			return err
		}
	}
	if b.cli, err = writeCLIConfig(filepath.Join(b.dir, "terraformrc"), bin, bin); err != nil {
		return err
	}
	if b.profCLI, err = writeCLIConfig(filepath.Join(b.dir, "terraformrc-pprof"), profBin, bin); err != nil {
		return err
	}

	b.srv, err = alisttest.Start(alisttest.Options{Dir: filepath.Join(b.dir, "server"),
		// Two Local storages: alist_directory_mirror copies between them.
		Storages: []string{"/local", "/local2"}})
	if err != nil {
		return err
	}
	defer b.srv.Close()
	s, err := alist.NewSession(alist.Config{URL: b.srv.URL, Username: "admin", Password: "admin-pass-123"})
	if err != nil {
		return err
	}
	if err := s.Login(context.Background()); err != nil {
		return err
	}
	b.session, b.token = s, loginToken(b.srv.URL)

	start := time.Now()
	for _, part := range []struct {
		name string
		run  func() error
	}{{"large", b.large}, {"many", b.many}, {"sync", b.sync}, {"scale", b.scale}, {"mirror", b.mirror}, {"profiles", b.profiles}} {
		if !selected(part.name) {
			continue
		}
		if err := part.run(); err != nil {
			return err
		}
	}
	return b.write(time.Since(start))
}

// selected reports whether -only lets part run.
func selected(part string) bool {
	return *only == "" || slices.Contains(strings.Split(*only, ","), part)
}

// writeCLIConfig points Terraform at the freshly built providers.
func writeCLIConfig(name, alistBin, floorBin string) (string, error) {
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"alist-terraform/alist\" = %q\n    \"alist-terraform/floor\" = %q\n  }\n  direct {}\n}\n",
		alistBin, floorBin)
	return name, os.WriteFile(name, []byte(rc), 0o600)
}

func step(s string) { fmt.Fprintf(os.Stderr, "==> %s\n", s) }

// sh runs a command, failing with its output.
func sh(dir string, env []string, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, append(os.Environ(), env...)
	if o, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, o)
	}
	return nil
}

// result is one terraform command: wall time, the highest peak RSS of the
// provider processes it started, and how many it started.
type result struct {
	d     time.Duration
	peak  int64
	procs int
	// CPU seconds spent by terraform itself, by the provider processes, and
	// by this process (the test server): where the wall time goes.
	cpuTerraform, cpuProvider, cpuServer float64
}

// terraform runs one terraform command in dir.
func (b *bench) terraform(dir string, args ...string) (result, error) {
	return b.terraformEnv(dir, nil, args...)
}

// terraformEnv runs one terraform command in dir with extra environment,
// which wins over the defaults (e.g. another TF_CLI_CONFIG_FILE).
func (b *bench) terraformEnv(dir string, extra []string, args ...string) (result, error) {
	env := []string{"TF_CLI_CONFIG_FILE=" + b.cli, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"ALIST_URL=" + b.srv.URL, "ALIST_USERNAME=admin", "ALIST_PASSWORD=admin-pass-123"}
	// The flags go right after the subcommand: a plan file argument must come last.
	cmd := exec.Command(b.tf, append([]string{args[0], "-no-color", "-input=false"}, args[1:]...)...)
	cmd.Dir, cmd.Env = dir, append(append(os.Environ(), env...), extra...)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	self0 := selfCPU()
	t0 := time.Now()
	err := cmd.Start()
	var w *providerWatch
	if err == nil {
		w = watchProviders(cmd.Process.Pid)
		err = cmd.Wait()
	} else {
		w = watchProviders(-1)
	}
	r := result{d: time.Since(t0)}
	r.peak = w.stop()
	r.procs = w.processes()
	r.cpuServer = selfCPU() - self0
	r.cpuProvider = w.cpu()
	if cmd.ProcessState != nil {
		// wait4 counts the provider processes Terraform waited for in
		// Terraform's own figure: take them out.
		r.cpuTerraform = max(0, (cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime()).Seconds()-r.cpuProvider)
	}
	if err != nil {
		return r, fmt.Errorf("terraform %s in %s: %v\n%s", strings.Join(args, " "), dir, err, buf.String())
	}
	return r, nil
}

// providerWatch samples the provider processes' VmHWM (peak RSS) and CPU
// time from /proc: the children of one terraform process (not those of
// other terraform commands on the machine). It reads the name and parent
// of each new process once, so that watching costs little of the CPU it
// measures.
type providerWatch struct {
	parent int
	done   chan struct{}
	wg     sync.WaitGroup
	mu     sync.Mutex
	peak   int64
	pids   map[int]float64 // CPU seconds last seen per provider process
	others map[int]bool    // processes that are not providers
}

func watchProviders(parent int) *providerWatch {
	w := &providerWatch{parent: parent, done: make(chan struct{}), pids: map[int]float64{}, others: map[int]bool{}}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		for {
			w.sample()
			select {
			case <-w.done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return w
}

func (w *providerWatch) sample() {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || w.others[pid] {
			continue
		}
		if _, known := w.pids[pid]; !known {
			// Both terraform-provider-alist and -floor: comm keeps 15 bytes.
			comm, err := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
			if err != nil || !strings.HasPrefix(string(comm), "terraform-provi") || procParent(e.Name()) != w.parent {
				w.others[pid] = true
				continue
			}
		}
		status, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(status), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				w.mu.Lock()
				w.peak = max(w.peak, kb*1024)
				w.pids[pid] = max(w.pids[pid], procCPU(e.Name()))
				w.mu.Unlock()
			}
		}
	}
}

func (w *providerWatch) stop() int64 {
	close(w.done)
	w.wg.Wait()
	return w.peak
}

func (w *providerWatch) processes() int { return len(w.pids) }

func (w *providerWatch) cpu() float64 {
	total := 0.0
	for _, c := range w.pids {
		total += c
	}
	return total
}

// procParent is a process's parent id from /proc/PID/stat (-1 if unknown).
func procParent(pid string) int {
	b, err := os.ReadFile(filepath.Join("/proc", pid, "stat"))
	if err != nil {
		return -1
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 2 {
		return -1
	}
	ppid, err := strconv.Atoi(f[1])
	if err != nil {
		return -1
	}
	return ppid
}

// procCPU is a process's user+system CPU seconds from /proc/PID/stat.
func procCPU(pid string) float64 {
	b, err := os.ReadFile(filepath.Join("/proc", pid, "stat"))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100 // USER_HZ
}

func selfCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return s[len(s)/2]
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func (b *bench) ratioRow(what string, got, base time.Duration, baseName string, target float64) {
	b.rows = append(b.rows, row{what: what, got: secs(got), base: secs(base) + " (" + baseName + ")", ratio: got.Seconds() / base.Seconds(), target: target, unit: "x"})
}

func writeConfig(dir, body string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	head := ""
	switch {
	case strings.Contains(body, "alist_"):
		head = "terraform {\n  required_providers {\n    alist = { source = \"alist-terraform/alist\" }\n  }\n}\nprovider \"alist\" {}\n"
	case strings.Contains(body, "floor_"):
		head = "terraform {\n  required_providers {\n    floor = { source = \"alist-terraform/floor\" }\n  }\n}\n"
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(head+body), 0o644)
}

// makeFile writes size bytes of pseudo-random data (incompressible enough).
func makeFile(name string, size int64, seed uint64) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	buf := make([]byte, min(size, 4<<20)+8) // trees of 100,000 small files: no 4 MiB of random bytes each
	for written := int64(0); written < size; {
		for i := 0; i+8 <= len(buf); i += 8 {
			v := r.Uint64()
			for k := range 8 {
				buf[i+k] = byte(v >> (8 * k))
			}
		}
		n := min(int64(len(buf)), size-written)
		if _, err := f.Write(buf[:n]); err != nil {
			return err
		}
		written += n
	}
	if size < 1<<20 {
		return nil // a tree of small files is written in bulk; the page cache holds it either way
	}
	return f.Sync()
}

func loginToken(url string) string {
	out, err := exec.Command("curl", "-sS", "-H", "Content-Type: application/json", "-d",
		fmt.Sprintf(`{"username":"admin","password":%q}`, alist.HashPassword("admin-pass-123")), url+"/api/auth/login/hash").Output()
	if err != nil {
		return ""
	}
	s := string(out)
	i := strings.Index(s, `"token":"`)
	if i < 0 {
		return ""
	}
	s = s[i+9:]
	return s[:strings.Index(s, `"`)]
}

// sha256Throughput is Go's crypto/sha256 speed on this machine, bytes/s.
func sha256Throughput() float64 {
	buf := make([]byte, 64<<20)
	h := sha256.New()
	t0 := time.Now()
	for range 8 {
		h.Write(buf)
	}
	return float64(8*len(buf)) / time.Since(t0).Seconds()
}

func (b *bench) write(total time.Duration) error {
	var md strings.Builder
	tfv, _ := exec.Command(b.tf, "version").Output()
	cpu := "unknown"
	if c, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(c), "\n") {
			if strings.HasPrefix(l, "model name") {
				cpu = strings.TrimSpace(strings.SplitN(l, ":", 2)[1])
				break
			}
		}
	}
	fmt.Fprintf(&md, "# Benchmarks\n\nWritten by `make bench` (%s, %s). Each time is the median of %d runs (%d for the large file's no-op plans, %d for the many-files measurements), measured in the same run as its baseline, "+
		"against the local test server on loopback. Ratios are provider ÷ baseline; a target is a ceiling unless it says ≥.\n\n", time.Now().UTC().Format("2006-01-02"), secs(total), *runs, 3*(*runs), *manyRuns)
	fmt.Fprintf(&md, "Machine: %s, %d cores, %s; %s; %s\n\n", cpu, runtime.NumCPU(), runtime.GOOS+"/"+runtime.GOARCH, runtime.Version(), strings.SplitN(string(tfv), "\n", 2)[0])
	md.WriteString("| measurement | provider | baseline | ratio | target | |\n|---|---|---|---|---|---|\n")
	for _, r := range b.rows {
		ok := "✅"
		switch {
		case r.target == 0:
			ok = ""
		case r.target < 0 && r.ratio < -r.target: // a floor
			ok = "❌"
		case r.target > 0 && r.ratio > r.target:
			ok = "❌"
		}
		tgt := ""
		switch {
		case r.target > 0:
			tgt = fmt.Sprintf("≤ %.2g%s", r.target, r.unit)
		case r.target < 0:
			tgt = fmt.Sprintf("≥ %.2g%s", -r.target, r.unit)
		}
		ratio := fmt.Sprintf("%.2f%s", r.ratio, r.unit)
		if r.unit != "x" {
			ratio = fmt.Sprintf("%.3g %s", r.ratio, r.unit)
		}
		fmt.Fprintf(&md, "| %s | %s | %s | %s | %s | %s |\n", r.what, r.got, r.base, ratio, tgt, ok)
	}
	if len(b.notes) > 0 {
		md.WriteString("\nNotes:\n\n")
		for _, n := range b.notes {
			md.WriteString("- " + n + "\n")
		}
	}
	fmt.Print(md.String())
	return os.WriteFile(*out, []byte(md.String()), 0o644)
}
