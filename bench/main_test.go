//go:build unix

package bench

import (
	"os"
	"testing"
)

// TestMain runs the benchmarks, or, in the subprocess that
// BenchmarkToolLoop starts, the fake API they talk to (see fakeProcess).
func TestMain(m *testing.M) {
	if os.Getenv(fakeEnv) != "" {
		serveFake()
		return
	}
	code := m.Run()
	stopFake()
	os.Exit(code)
}
