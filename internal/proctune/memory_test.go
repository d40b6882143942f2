package proctune

import (
	"math"
	"runtime/debug"
	"sync"
	"testing"
)

// A large sync lowers the soft memory limit once; a small one, or a
// GOMEMLIMIT the user set, leaves it alone.
func TestExpectLargeHeap(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(64 << 20))
	for _, tc := range []struct {
		name      string
		files     int
		env       string
		wantLimit int64
	}{
		{"small sync", largeSyncFiles - 1, "", 64 << 20},
		{"the user's GOMEMLIMIT wins", 10000, "100MiB", 64 << 20},
		{"large sync", 10000, "", largeHeapLimit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOMEMLIMIT", tc.env)
			tightenOnce = sync.Once{}
			debug.SetMemoryLimit(64 << 20)
			ExpectLargeHeap(tc.files)
			if got := debug.SetMemoryLimit(-1); got != tc.wantLimit {
				t.Errorf("limit %d, want %d", got, tc.wantLimit)
			}
		})
	}
	debug.SetMemoryLimit(math.MaxInt64)
}
