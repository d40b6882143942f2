package main

import "os"

// Terraform shows a provider's logs only when TF_LOG or TF_LOG_PROVIDER is
// set; otherwise it parses each line the provider writes and throws it away.
// The plugin SDKs log at TRACE by default, so in that case the provider spent
// a quarter of its CPU formatting lines nobody sees, and Terraform more CPU
// parsing them (profiled with 500 files). Muting at the source changes
// nothing a user can see.
var sdkLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_ALIST"}

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
