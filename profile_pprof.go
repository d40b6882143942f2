//go:build pprof

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// startProfile writes a CPU profile of this provider process into the folder
// named by ALIST_PROVIDER_CPUPROFILE_DIR, one file per process, so that
// `make bench` can show where the provider's time goes. Only builds tagged
// pprof (the benchmark's profiling build) have it.
func startProfile() func() {
	dir := os.Getenv("ALIST_PROVIDER_CPUPROFILE_DIR")
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid())))
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}
}
