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

// From 40,000 files on, the records of the source and of the server (and
// the listing, on refresh) outgrow that limit: under it the collector ran
// without pause (100,000 files: 11 CPU-seconds of a no-op plan, 68 of a
// first apply). The limit then grows by heapPerFile a file, up to
// maxHeapLimit, which keeps 100,000 files under 128 MiB of RSS.
const (
	heapPerFile  = 1 << 10
	maxHeapLimit = 100 << 20
)

var (
	limitMu  sync.Mutex
	limitSet bool
)

// ExpectLargeHeap sets the soft memory limit for the rest of this provider
// process (one graph walk) when a sync holds many files: lowered for some
// thousands, raised for tens of thousands; a later call only raises it.
// A GOMEMLIMIT the user set wins.
func ExpectLargeHeap(files int) {
	if files < largeSyncFiles || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	limit := max(largeHeapLimit, min(int64(files)*heapPerFile, maxHeapLimit))
	limitMu.Lock()
	defer limitMu.Unlock()
	if !limitSet || limit > debug.SetMemoryLimit(-1) {
		debug.SetMemoryLimit(limit)
		limitSet = true
	}
}
