package main

import (
	"os"
	"runtime/debug"
)

// tuneGC trades a little memory for CPU. The provider's live heap is a few
// MiB (uploads stream through fixed buffers), so Go's default GOGC=100 runs
// the collector on every few hundred RPCs' worth of garbage: a quarter of the
// provider's CPU with 500 resources. GOGC=400 with a 64 MiB soft limit keeps
// the peak RSS well under 64 MiB while collecting a quarter as often.
// GOGC and GOMEMLIMIT set by the user win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(64 << 20)
	}
}
