// Package proctune tunes the provider's process before it serves its first
// RPC, and while it runs: it mutes SDK logs nobody will see, trades a little
// memory for CPU in the garbage collector, lowers the memory limit when a
// large folder sync is met, and (in builds tagged pprof) writes a CPU
// profile. Each setting leaves alone what the user chose through the
// environment.
package proctune

import (
	"os"
	"runtime/debug"
)

// ProfileDirEnv names the folder where a pprof build writes one CPU profile
// per provider process (profile_pprof.go); `make bench` sets it.
const ProfileDirEnv = "ALIST_PROVIDER_CPUPROFILE_DIR"

// TuneGC trades a little memory for CPU. The provider's live heap is a few
// MiB (uploads stream through fixed buffers), so Go's default GOGC=100 runs
// the collector on every few hundred RPCs' worth of garbage: a quarter of the
// provider's CPU with 500 resources. GOGC=400 with a 64 MiB soft limit keeps
// the peak RSS well under 64 MiB while collecting a quarter as often.
func TuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(64 << 20)
	}
}
