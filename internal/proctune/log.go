package proctune

import (
	"os"
	"strings"
)

// ProviderLogEnv is the log level of the provider's own logger:
// terraform-plugin-go names it TF_LOG_PROVIDER_ and the provider's type name
// (the last part of its address, "alist").
const ProviderLogEnv = "TF_LOG_PROVIDER_ALIST"

// APILogSubsystem is the provider's log subsystem for the API client's
// lines (one per call and per retry). tflog.WithLevelFromEnv(ProviderLogEnv,
// APILogSubsystem) reads its level from APILogEnv.
const APILogSubsystem = "api"

// APILogEnv is the API subsystem's own log level, TF_LOG_PROVIDER_ALIST_API.
var APILogEnv = ProviderLogEnv + "_" + strings.ToUpper(APILogSubsystem)

// Terraform shows a provider's logs only when TF_LOG or TF_LOG_PROVIDER is
// set; otherwise it parses each line the provider writes and throws it away.
// The plugin SDKs log at TRACE by default, so in that case the provider spent
// a quarter of its CPU formatting lines nobody sees, and Terraform more CPU
// parsing them (profiled with 500 files). Muting at the source changes
// nothing a user can see.
var sdkLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER", ProviderLogEnv, APILogEnv}

// MuteUnseenLogs sets the unset SDK log levels to off when Terraform will
// discard the provider's logs anyway. A debug session (-debug) prints them
// itself, so it keeps them.
func MuteUnseenLogs(debug bool) {
	if debug || os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, v := range sdkLogLevels {
		if os.Getenv(v) == "" {
			_ = os.Setenv(v, "off")
		}
	}
}
