package patch_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/respkit/respkit/patch"
)

func TestResultDiff(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		patch string
		want  string
	}{
		{
			name:  "context and separate hunks",
			files: map[string]string{"f": "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n"},
			patch: v4a("*** Update File: f", "@@", " 2", "-3", "+three", "@@", " 13", "-14", "+fourteen"),
			want: `--- a/f
+++ b/f
@@ -1,6 +1,6 @@
 1
 2
-3
+three
 4
 5
 6
@@ -11,5 +11,5 @@
 11
 12
 13
-14
+fourteen
 15
`,
		},
		{
			name:  "nearby changes share a hunk",
			files: map[string]string{"f": "1\n2\n3\n4\n5\n6\n7\n8\n9\n"},
			patch: v4a("*** Update File: f", "@@", "-2", "+two", "@@", "-7"),
			want: `--- a/f
+++ b/f
@@ -1,9 +1,8 @@
 1
-2
+two
 3
 4
 5
 6
-7
 8
 9
`,
		},
		{
			name:  "added final line break",
			files: map[string]string{"f": "x\ny"},
			patch: v4a("*** Update File: f", "@@", " x", "+z"),
			want: `--- a/f
+++ b/f
@@ -1,2 +1,3 @@
 x
-y
\ No newline at end of file
+z
+y
`,
		},
		{
			name:  "CRLF lines keep their bytes",
			files: map[string]string{"f": "a\r\nb\r\n"},
			patch: v4a("*** Update File: f", "@@", "-b", "+B"),
			want:  "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+B\r\n",
		},
		{
			name:  "add, delete and move",
			files: map[string]string{"gone": "bye\n", "mv": "m\n"},
			patch: v4a("*** Add File: new", "+hello", "+world", "*** Delete File: gone", "*** Update File: mv", "*** Move to: d/mv", "@@", " m"),
			want: `--- /dev/null
+++ b/new
@@ -0,0 +1,2 @@
+hello
+world
--- a/gone
+++ /dev/null
@@ -1 +0,0 @@
-bye
--- a/mv
+++ b/d/mv
`,
		},
		{
			name:  "overwritten file",
			files: map[string]string{"f": "old\n"},
			patch: v4a("*** Add File: f", "+new"),
			want:  "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-old\n+new\n",
		},
		{
			name:  "unchanged file shows nothing",
			files: map[string]string{"f": "same\n"},
			patch: v4a("*** Update File: f", "@@", "-same", "+same"),
			want:  "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, _ := newRoot(t, tt.files)
			p, err := patch.Parse(tt.patch)
			if err != nil {
				t.Fatal(err)
			}
			res, err := patch.Apply(root, p)
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Diff(); got != tt.want {
				t.Errorf("Diff() =\n%s\nwant\n%s", got, tt.want)
			}
			checkDiffs(t, res)
		})
	}
}

func TestResultString(t *testing.T) {
	res := &patch.Result{Changes: []patch.Change{
		{Kind: patch.Delete, Path: "d"},
		{Kind: patch.Update, Path: "m"},
		{Kind: patch.Add, Path: "a"},
		{Kind: patch.Update, Path: "src", MoveTo: "dst"},
	}}
	if got, want := res.String(), "A a\nM m\nM dst\nD d\n"; got != want {
		t.Errorf("Result.String() = %q, want %q", got, want)
	}
}

// checkDiffs applies each change's unified diff to its old content and
// checks that it gives the new content.
func checkDiffs(t *testing.T, res *patch.Result) {
	t.Helper()
	for _, c := range res.Changes {
		if strings.Contains(c.Old, "\r") || strings.Contains(c.New, "\r") {
			continue // a lone CR cannot be told from CRLF in the rendering
		}
		got, err := applyUnified(c.Old, c.Diff())
		if err != nil {
			t.Errorf("diff of %s does not apply: %v\n%s", c.Path, err, c.Diff())
			continue
		}
		if got != c.New {
			t.Errorf("diff of %s applied to Old = %q, want New %q\n%s", c.Path, got, c.New, c.Diff())
		}
	}
}

// applyUnified is a small, strict unified-diff applier for tests.
func applyUnified(old, diff string) (string, error) {
	if diff == "" {
		return old, nil
	}
	oldLines := splitKeep(old)
	dl := strings.SplitAfter(diff, "\n")
	if dl[len(dl)-1] == "" {
		dl = dl[:len(dl)-1]
	}
	if len(dl) < 2 || !strings.HasPrefix(dl[0], "--- ") || !strings.HasPrefix(dl[1], "+++ ") {
		return "", fmt.Errorf("missing file headers")
	}
	var out []string
	next := 0 // next old line to copy
	for i := 2; i < len(dl); {
		var os, oc, ns, nc int
		if _, err := fmt.Sscanf(normRange(dl[i]), "@@ -%d,%d +%d,%d @@", &os, &oc, &ns, &nc); err != nil {
			return "", fmt.Errorf("bad hunk header %q: %v", dl[i], err)
		}
		start := os - 1
		if oc == 0 {
			start = os
		}
		if start < next {
			return "", fmt.Errorf("hunk %q goes backwards", dl[i])
		}
		out = append(out, oldLines[next:start]...)
		next = start
		wantStart := ns - 1
		if nc == 0 {
			wantStart = ns
		}
		if len(out) != wantStart {
			return "", fmt.Errorf("hunk %q: new start does not match (%d lines so far)", dl[i], len(out))
		}
		i++
		seenOld, seenNew := 0, 0
		for i < len(dl) && !strings.HasPrefix(dl[i], "@@") {
			line := dl[i]
			raw := line[1:]
			if i+1 < len(dl) && dl[i+1] == "\\ No newline at end of file\n" {
				raw = strings.TrimSuffix(raw, "\n")
				i++
			}
			switch line[0] {
			case ' ', '-':
				if next >= len(oldLines) || oldLines[next] != raw {
					return "", fmt.Errorf("line %q does not match old line %d", raw, next+1)
				}
				next++
				seenOld++
				if line[0] == ' ' {
					out = append(out, raw)
					seenNew++
				}
			case '+':
				out = append(out, raw)
				seenNew++
			default:
				return "", fmt.Errorf("bad line %q", line)
			}
			i++
		}
		if seenOld != oc || seenNew != nc {
			return "", fmt.Errorf("hunk counts %d,%d, lines %d,%d", oc, nc, seenOld, seenNew)
		}
	}
	out = append(out, oldLines[next:]...)
	return strings.Join(out, ""), nil
}

// normRange writes a hunk header's one-number ranges as "l,1".
func normRange(h string) string {
	f := strings.Fields(h)
	for i, r := range f {
		if (strings.HasPrefix(r, "-") || strings.HasPrefix(r, "+")) && !strings.Contains(r, ",") {
			if _, err := strconv.Atoi(r[1:]); err == nil {
				f[i] = r + ",1"
			}
		}
	}
	return strings.Join(f, " ")
}

func splitKeep(s string) []string {
	var out []string
	for line := range strings.Lines(s) {
		out = append(out, line)
	}
	return out
}
