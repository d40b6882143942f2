package proctune

import (
	"math"
	"runtime/debug"
	"testing"
)

// A large sync lowers the soft memory limit, a very large one raises it
// with the file count, up to maxHeapLimit; a later, smaller sync leaves it
// as it is; a small one, or a GOMEMLIMIT the user set, leaves it alone.
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
		{"very large sync", 60000, "", 60000 * heapPerFile},
		{"huge sync", 1000000, "", maxHeapLimit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOMEMLIMIT", tc.env)
			limitSet = false
			debug.SetMemoryLimit(64 << 20)
			ExpectLargeHeap(tc.files)
			if got := debug.SetMemoryLimit(-1); got != tc.wantLimit {
				t.Errorf("limit %d, want %d", got, tc.wantLimit)
			}
			if tc.wantLimit == 64<<20 {
				return
			}
			ExpectLargeHeap(largeSyncFiles) // smaller, later: no change
			if got := debug.SetMemoryLimit(-1); got != tc.wantLimit {
				t.Errorf("after a smaller sync: limit %d, want %d", got, tc.wantLimit)
			}
		})
	}
	debug.SetMemoryLimit(math.MaxInt64)
}
