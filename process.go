package main

import (
	"os"
	"runtime/debug"
)

// Process tuning, set before the provider serves its first RPC. Each setting
// leaves alone what the user chose through the environment.

// Terraform shows a provider's logs only when TF_LOG or TF_LOG_PROVIDER is
// set; otherwise it parses each line the provider writes and throws it away.
// The plugin SDKs log at TRACE by default, so in that case the provider spent
// a quarter of its CPU formatting lines nobody sees, and Terraform more CPU
// parsing them (profiled with 500 files). Muting at the source changes
// nothing a user can see.
var sdkLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_ALIST", "TF_LOG_PROVIDER_ALIST_API"}

// muteUnseenLogs sets the unset SDK log levels to off when Terraform will
// discard the provider's logs anyway. A debug session (-debug) prints them
// itself, so it keeps them.
func muteUnseenLogs(debug bool) {
	if debug || os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, v := range sdkLogLevels {
		if os.Getenv(v) == "" {
			_ = os.Setenv(v, "off")
		}
	}
}

// tuneGC trades a little memory for CPU. The provider's live heap is a few
// MiB (uploads stream through fixed buffers), so Go's default GOGC=100 runs
// the collector on every few hundred RPCs' worth of garbage: a quarter of the
// provider's CPU with 500 resources. GOGC=400 with a 64 MiB soft limit keeps
// the peak RSS well under 64 MiB while collecting a quarter as often.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(64 << 20)
	}
}
