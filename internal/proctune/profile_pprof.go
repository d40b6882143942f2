//go:build pprof

package proctune

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// StartProfile writes a CPU profile of this provider process into the folder
// named by ProfileDirEnv, one file per process, so that `make bench` can
// show where the provider's time goes. Only builds tagged
// pprof (the benchmark's profiling build) have it.
func StartProfile() (stop func()) {
	dir := os.Getenv(ProfileDirEnv)
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
