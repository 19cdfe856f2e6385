// Package examples holds the tutorials, one main package each; this test
// builds and runs every one of them offline, so a broken example fails CI.
package examples

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// learningPath is every example, in the order examples/README.md teaches
// them, with a line of its offline output.
var learningPath = []struct {
	dir, want string
}{
	{"quickstart", "This answer is simulated"},
	{"stream", "(completed;"},
	{"extract", "Invoice INV-2291"},
	{"stream-extract", "partial values, then the final one"},
	{"tools", "calculate("},
	{"approval", "denied: the user declined"},
	{"patch", "did you mean these lines of the file"},
	{"background", "streamed with automatic resume"},
	{"retries", "not found, as expected"},
	{"testing", "Summary:"},
	{"extract-many", "610 of 610 documents extracted"},
	{"batch", "1000 custom ids came back exactly once"},
	{"chat", "turn 3: 5 input items sent"},
	{"inputs", "I was given a file (invoice.pdf"},
	{"options", "customer=acme ticket=T-1042"},
	{"conversation", "After Delete, Get fails: 404"},
	{"relay", "then stopped: browser gone"},
	{"websocket", "5 of 6 requests sent only their new items"},
}

func TestExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs every example")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on the PATH to build the examples with")
	}
	// go test caches a passing result keyed by the files this process
	// opens; the builds below read the module in other processes, so open
	// every source file here, or an example broken by a change elsewhere
	// could pass from the cache.
	if err := filepath.WalkDir("..", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".go") && filepath.Base(path) != "go.mod" {
			return err
		}
		_, err = os.ReadFile(path)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	build := exec.Command(goTool, "build", "-o", bin+string(filepath.Separator), "./...")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./examples/...: %v\n%s", err, out)
	}
	dirs, _ := filepath.Glob("*/main.go")
	if len(dirs) != len(learningPath) {
		t.Errorf("%d examples, but the learning path lists %d", len(dirs), len(learningPath))
	}
	for _, ex := range learningPath {
		t.Run(ex.dir, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, filepath.Join(bin, ex.dir))
			cmd.Env = append(os.Environ(), "OPENAI_API_KEY=", "OPENAI_BASE_URL=")
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Run(); err != nil {
				t.Fatalf("%s: %v\n%s", ex.dir, err, out.String())
			}
			if !strings.Contains(out.String(), "offline") {
				t.Errorf("%s does not say it runs offline:\n%s", ex.dir, out.String())
			}
			if !strings.Contains(out.String(), ex.want) {
				t.Errorf("%s output lacks %q:\n%s", ex.dir, ex.want, out.String())
			}
		})
	}
}
