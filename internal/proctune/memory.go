package proctune

import (
	"os"
	"runtime/debug"
	"sync"
)

// The provider runs with GOGC=400 under a 64 MiB soft limit (TuneGC):
// cheap in CPU where the live heap is a few MiB, as with hundreds of
// alist_file resources. A folder sync of
// thousands of files keeps its `files` map in every request and response
// (about 15 MiB live for ten thousand files), which GOGC=400 lets grow to
// the limit: 78 MiB of RSS. A lower limit for the whole provider would
// keep that under 64 MiB but makes the collector run without pause for
// 500 alist_file resources (2.5x the provider's CPU, measured). So the
// limit is lowered only in a provider process that meets a large sync.

// largeSyncFiles is the number of files from which a sync lowers the limit.
const largeSyncFiles = 2000

// largeHeapLimit is the soft limit then: heap, stacks and the runtime's own
// stay under 64 MiB of RSS (measured 55 MiB for ten thousand files).
const largeHeapLimit = 40 << 20

var tightenOnce sync.Once

// ExpectLargeHeap lowers the soft memory limit for the rest of this
// provider process (one graph walk) when a sync holds many files, unless
// the user set GOMEMLIMIT.
func ExpectLargeHeap(files int) {
	if files < largeSyncFiles || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	tightenOnce.Do(func() {
		if debug.SetMemoryLimit(-1) > largeHeapLimit {
			debug.SetMemoryLimit(largeHeapLimit)
		}
	})
}
