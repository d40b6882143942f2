//go:build !pprof

package proctune

// StartProfile does nothing in release builds; see profile_pprof.go.
func StartProfile() (stop func()) { return func() {} }
