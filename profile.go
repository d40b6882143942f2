//go:build !pprof

package main

// startProfile does nothing in release builds; see profile_pprof.go.
func startProfile() func() { return func() {} }
