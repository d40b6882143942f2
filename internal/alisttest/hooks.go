package alisttest

import (
	"fmt"
	"os"
	"path/filepath"
)

// Test hooks that work on the disk directly, behind the API's back: a
// caching storage does not notice these changes until a refresh.

// DiskPath is where a virtual path (without any user's base path) lives on
// disk, or "" when no storage holds it.
func (s *Server) DiskPath(virtualPath string) string {
	m, actual, err := s.storageFor(virtualPath)
	if err != nil {
		return ""
	}
	return m.disk(actual)
}

func (s *Server) diskPathErr(virtualPath string) (string, error) {
	p := s.DiskPath(virtualPath)
	if p == "" {
		return "", fmt.Errorf("alisttest: no storage holds %s", virtualPath)
	}
	return p, nil
}

// WriteFile stores a file, creating its parent folders.
func (s *Server) WriteFile(virtualPath string, data []byte) error {
	p, err := s.diskPathErr(virtualPath)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// Mkdir creates a folder and its parents.
func (s *Server) Mkdir(virtualPath string) error {
	p, err := s.diskPathErr(virtualPath)
	if err != nil {
		return err
	}
	return os.MkdirAll(p, 0o755)
}

// RemoveFile removes a file or a folder with its contents.
func (s *Server) RemoveFile(virtualPath string) error {
	p, err := s.diskPathErr(virtualPath)
	if err != nil {
		return err
	}
	return os.RemoveAll(p)
}

// ReadFile reads a stored file.
func (s *Server) ReadFile(virtualPath string) ([]byte, error) {
	p, err := s.diskPathErr(virtualPath)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}

// Stat describes the stored file on disk.
func (s *Server) Stat(virtualPath string) (os.FileInfo, error) {
	p, err := s.diskPathErr(virtualPath)
	if err != nil {
		return nil, err
	}
	return os.Stat(p)
}

// Exists tells whether a file or folder is stored at the path.
func (s *Server) Exists(virtualPath string) bool {
	_, err := s.Stat(virtualPath)
	return err == nil
}
