package patch_test

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/respkit/respkit/patch"
)

// A blockScenario is a testdata/blocks file: a description, then sections
// opened by "-- name --" lines: "file PATH" (the folder before), "reply"
// (the model's reply), "want PATH" (a file after) and "error" (the text of
// the error, when the reply must fail and change nothing).
type blockScenario struct {
	files, want map[string]string
	reply, err  string
}

func readBlockScenario(t *testing.T, name string) blockScenario {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	sc := blockScenario{files: map[string]string{}, want: map[string]string{}}
	var (
		section string
		body    strings.Builder
	)
	flush := func() {
		text := body.String()
		switch kind, path, _ := strings.Cut(section, " "); kind {
		case "file":
			sc.files[path] = text
		case "want":
			sc.want[path] = text
		case "reply":
			sc.reply = text
		case "error":
			sc.err = strings.TrimSuffix(text, "\n")
		}
		body.Reset()
	}
	for line := range strings.Lines(string(data)) {
		if h, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "-- "); ok && strings.HasSuffix(h, " --") {
			flush()
			section = strings.TrimSuffix(h, " --")
			continue
		}
		body.WriteString(line)
	}
	flush()
	return sc
}

// TestBlockScenarios applies the replies of testdata/blocks, written from
// Aider's documented rules and the GPT-4.1 prompting guide's examples, and
// checks the bytes of every file, or the error's text.
func TestBlockScenarios(t *testing.T) {
	names, err := filepath.Glob("testdata/blocks/*.txt")
	if err != nil || len(names) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txt"), func(t *testing.T) {
			sc := readBlockScenario(t, name)
			root, dir := newRoot(t, sc.files)
			format := patch.SearchReplace
			if strings.HasPrefix(filepath.Base(name), "xml_") {
				format = patch.XML
			}
			if got := patch.Detect(sc.reply); got != format {
				t.Errorf("Detect = %v, want %v", got, format)
			}
			p, err := patch.Extract(sc.reply, format)
			if err == nil {
				_, err = patch.Apply(root, p)
			}
			var want map[string]string
			if sc.err != "" {
				if err == nil || err.Error() != sc.err {
					t.Errorf("error:\n%v\nwant:\n%s", err, sc.err)
				}
				want = sc.files
			} else {
				if err != nil {
					t.Fatal(err)
				}
				want = maps.Clone(sc.files)
				maps.Copy(want, sc.want)
			}
			if diff := cmp.Diff(want, snapshot(t, dir)); diff != "" {
				t.Errorf("folder (-want +got):\n%s", diff)
			}
		})
	}
}
