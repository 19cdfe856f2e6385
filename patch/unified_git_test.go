package patch_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/respkit/respkit/patch"
)

// gitLines are the lines random files are made of: code with quotes,
// tabs, non-ASCII and emoji, and blank lines.
var gitLines = []string{
	"package main", "", "import \"fmt\"", "func main() {", "\tfmt.Println(\"héllo, 世界 👋\")", "}",
	"\tif err != nil {", "\t\treturn fmt.Errorf(\"read %q: %w\", name, err)", "\t}", "// TODO: naïve — fix later",
	"\tx := []string{\"a\", `b`, 'c'}", "    indented with spaces", "\ttrailing space ", "emoji 🚀🔥 line",
}

// randomFile returns n lines, mostly distinct, sometimes without a final
// line break.
func randomFile(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(gitLines[r.IntN(len(gitLines))])
		if r.IntN(3) > 0 {
			fmt.Fprintf(&b, " %d", i) // mostly distinct lines
		}
		b.WriteByte('\n')
	}
	s := b.String()
	if n > 0 && r.IntN(5) == 0 {
		s = strings.TrimSuffix(s, "\n")
	}
	return s
}

// randomEdit changes a few runs of lines of s: insertions, deletions and
// replacements, at the start, middle or end.
func randomEdit(r *rand.Rand, s string) string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for range 1 + r.IntN(4) {
		at := 0
		if len(lines) > 0 {
			at = []int{0, r.IntN(len(lines) + 1), len(lines)}[r.IntN(3)]
		}
		del := min(r.IntN(4), len(lines)-at)
		var ins []string
		for range r.IntN(4) {
			ins = append(ins, fmt.Sprintf("new %d %s\n", r.IntN(1000), gitLines[r.IntN(len(gitLines))]))
		}
		if at+del == len(lines) && len(ins) > 0 && r.IntN(4) == 0 {
			ins[len(ins)-1] = strings.TrimSuffix(ins[len(ins)-1], "\n")
		}
		if at == len(lines) && at > 0 && !strings.HasSuffix(lines[at-1], "\n") {
			lines[at-1] += "\n"
		}
		lines = append(lines[:at], append(ins, lines[at+del:]...)...)
	}
	return strings.Join(lines, "")
}

var hunkHeader = regexp.MustCompile(`(?m)^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@`)

// damage shifts every hunk's line numbers by a random offset and damages
// its counts, as models do.
func damage(r *rand.Rand, diff string) string {
	shift := r.IntN(41) - 20
	return hunkHeader.ReplaceAllStringFunc(diff, func(h string) string {
		m := hunkHeader.FindStringSubmatch(h)
		num := func(s string) string {
			n, _ := strconv.Atoi(s)
			return strconv.Itoa(max(1, n+shift+r.IntN(3)-1))
		}
		count := func() string { return "," + strconv.Itoa(r.IntN(9)) }
		return "@@ -" + num(m[1]) + count() + " +" + num(m[3]) + count() + " @@"
	})
}

// TestUnifiedAgainstGitApply applies random diffs written by diff -u and
// git diff through git apply and through respkit and compares the bytes;
// then the same diffs with their numbers shifted and counts damaged must
// give the same bytes through respkit.
func TestUnifiedAgainstGitApply(t *testing.T) {
	for _, tool := range []string{"git", "diff"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: the differential test needs git and diff", tool)
		}
	}
	r := rand.New(rand.NewPCG(16, 2026))
	cases := 60
	if testing.Short() {
		cases = 15
	}
	for i := range cases {
		work := t.TempDir()
		oldDir, newDir := filepath.Join(work, "a"), filepath.Join(work, "b")
		files, want := map[string]string{}, map[string]string{}
		for k := range 1 + r.IntN(3) {
			name := fmt.Sprintf("src/f%d.go", k)
			old := randomFile(r, r.IntN(30))
			switch r.IntN(8) {
			case 0: // created
				want[name] = randomFile(r, 1+r.IntN(10))
			case 1: // deleted
				if old != "" {
					files[name] = old
				}
			default:
				files[name] = old
				want[name] = randomEdit(r, old)
			}
		}
		writeFiles(t, oldDir, files)
		writeFiles(t, newDir, want)
		var diff []byte
		if i%2 == 0 {
			cmd := exec.Command("diff", "-ruN", "a", "b")
			cmd.Dir = work
			diff, _ = cmd.Output() // exit status 1: the files differ
		} else {
			cmd := exec.Command("git", "diff", "--no-index", "--no-prefix", "a", "b")
			cmd.Dir = work
			diff, _ = cmd.Output()
			// The names are a/… and b/…: git apply -p1 and ParseUnified
			// both strip them.
		}
		if len(diff) == 0 {
			continue
		}
		text := string(diff)

		gitDir := filepath.Join(work, "git")
		if err := os.MkdirAll(gitDir, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFiles(t, gitDir, files)
		apply := exec.Command("git", "apply", "-p1", "--unsafe-paths", "-")
		apply.Dir = gitDir
		apply.Stdin = strings.NewReader(text)
		if out, err := apply.CombinedOutput(); err != nil {
			t.Fatalf("case %d: git apply: %v\n%s\n%s", i, err, out, text)
		}
		gitGot := snapshot(t, gitDir)
		if diff := cmp.Diff(want, gitGot); diff != "" {
			t.Fatalf("case %d: git apply gives (-want +got):\n%s", i, diff)
		}

		for _, tc := range []struct{ name, diff string }{{"as written", text}, {"damaged", damage(r, text)}} {
			p, err := patch.ParseUnified(tc.diff)
			if err != nil {
				t.Fatalf("case %d %s: %v\n%s", i, tc.name, err, tc.diff)
			}
			root, dir := newRoot(t, files)
			if _, err := patch.Apply(root, p); err != nil {
				t.Fatalf("case %d %s: %v\n%s", i, tc.name, err, tc.diff)
			}
			if diff := cmp.Diff(gitGot, snapshot(t, dir)); diff != "" {
				t.Fatalf("case %d %s: respkit differs from git apply (-git +respkit):\n%s\n%s", i, tc.name, diff, tc.diff)
			}
		}
	}
}
