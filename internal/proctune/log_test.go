package proctune

import (
	"os"
	"testing"
)

func TestMuteUnseenLogs(t *testing.T) {
	for _, tc := range []struct {
		name      string
		env       map[string]string
		debug     bool
		wantMuted bool
	}{
		{"terraform discards the logs", nil, false, true},
		{"TF_LOG shows them", map[string]string{"TF_LOG": "DEBUG"}, false, false},
		{"TF_LOG_PROVIDER shows them", map[string]string{"TF_LOG_PROVIDER": "TRACE"}, false, false},
		{"a debug session prints them", nil, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, v := range append([]string{"TF_LOG"}, sdkLogLevels...) {
				t.Setenv(v, tc.env[v]) // restored after the test
			}
			t.Setenv("TF_LOG_SDK_PROTO", "warn") // a level the user chose stays
			MuteUnseenLogs(tc.debug)
			if got := os.Getenv("TF_LOG_SDK_PROTO"); got != "warn" {
				t.Errorf("TF_LOG_SDK_PROTO = %q, the user's warn was overwritten", got)
			}
			for _, v := range []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_ALIST"} {
				if muted := os.Getenv(v) == "off"; muted != tc.wantMuted {
					t.Errorf("%s = %q, want muted %v", v, os.Getenv(v), tc.wantMuted)
				}
			}
		})
	}
}
