//go:build !unix

package provider

import (
	"os"
	"path/filepath"
)

// inode is unknown here: size and modification time alone fingerprint a file.
func inode(os.FileInfo) uint64 { return 0 }

// fileID is unknown here: symlink loops end at the depth limit instead.
func fileID(os.FileInfo) [2]uint64 { return [2]uint64{} }

// statAt stats name in the folder abs, following symlinks.
func statAt(_ *os.File, abs, name string) (entryStat, error) {
	fi, err := os.Stat(filepath.Join(abs, name))
	if err != nil {
		return entryStat{}, err
	}
	return entryStat{dir: fi.IsDir(), regular: fi.Mode().IsRegular(), size: fi.Size(), modNano: fi.ModTime().UnixNano()}, nil
}
