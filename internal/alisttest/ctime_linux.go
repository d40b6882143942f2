//go:build linux

package alisttest

import (
	"io/fs"
	"syscall"
	"time"
)

// changeTime is what the Local driver reports as "created": the inode's
// change time, so an upload with Last-Modified still shows when it arrived.
func changeTime(fi fs.FileInfo) time.Time {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return time.Unix(int64(st.Ctim.Sec), int64(st.Ctim.Nsec)) //nolint:unconvert // int32 on 32-bit platforms
	}
	return fi.ModTime()
}
