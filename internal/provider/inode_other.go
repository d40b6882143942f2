//go:build !unix

package provider

import "os"

// inode is unknown here: size and modification time alone fingerprint a file.
func inode(os.FileInfo) uint64 { return 0 }

// fileID is unknown here: symlink loops end at the depth limit instead.
func fileID(os.FileInfo) [2]uint64 { return [2]uint64{} }
