package patch_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/respkit/respkit/patch"
)

const (
	benchLines  = 100_000
	benchChunks = 100
)

// benchSetup writes a 100,000-line file and returns a 100-chunk patch that
// changes one line in every thousand (with three lines of context around it,
// as models write them) and the patch that undoes it.
func benchSetup(b *testing.B) (root *os.Root, content string, fwd, rev *patch.Patch) {
	b.Helper()
	var file strings.Builder
	for i := range benchLines {
		fmt.Fprintf(&file, "\tline %06d: x := compute(x, %d) // some realistic source text\n", i, i)
	}
	content = file.String()
	var forward, backward strings.Builder
	forward.WriteString("*** Begin Patch\n*** Update File: big.go\n")
	backward.WriteString("*** Begin Patch\n*** Update File: big.go\n")
	for c := range benchChunks {
		at := c*(benchLines/benchChunks) + 500
		line := func(i int) string {
			return fmt.Sprintf("\tline %06d: x := compute(x, %d) // some realistic source text", i, i)
		}
		changed := strings.Replace(line(at), "compute", "recompute", 1)
		for _, w := range []struct {
			b        *strings.Builder
			from, to string
		}{{&forward, line(at), changed}, {&backward, changed, line(at)}} {
			w.b.WriteString("@@\n")
			for i := at - 3; i < at; i++ {
				w.b.WriteString(" " + line(i) + "\n")
			}
			w.b.WriteString("-" + w.from + "\n+" + w.to + "\n")
			for i := at + 1; i <= at+3; i++ {
				w.b.WriteString(" " + line(i) + "\n")
			}
		}
	}
	forward.WriteString("*** End Patch\n")
	backward.WriteString("*** End Patch\n")
	var err error
	if fwd, err = patch.Parse(forward.String()); err != nil {
		b.Fatal(err)
	}
	if rev, err = patch.Parse(backward.String()); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := os.WriteFile(dir+"/big.go", []byte(content), 0o644); err != nil {
		b.Fatal(err)
	}
	if root, err = os.OpenRoot(dir); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { root.Close() })
	return root, content, fwd, rev
}

// BenchmarkApply applies a 100-chunk patch to a 100,000-line file (about
// 6 MB), alternating with the patch that undoes it.
func BenchmarkApply(b *testing.B) {
	root, content, fwd, rev := benchSetup(b)
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		p := fwd
		if n%2 == 1 {
			p = rev
		}
		n++
		if _, err := patch.Apply(root, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadWrite reads and writes the same file once: the baseline
// BenchmarkApply is compared with.
func BenchmarkReadWrite(b *testing.B) {
	root, content, _, _ := benchSetup(b)
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	for b.Loop() {
		data, err := root.ReadFile("big.go")
		if err != nil {
			b.Fatal(err)
		}
		if err := root.WriteFile("big.go", data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// asMode returns p as a patch of another mode: in ReplaceMode each chunk
// becomes a block of its old lines then its new lines; in UnifiedMode each
// chunk is a hunk that names its line.
func asMode(p *patch.Patch, mode patch.Mode) *patch.Patch {
	out := &patch.Patch{Mode: mode}
	for _, f := range p.Files {
		f.Chunks = slices.Clone(f.Chunks)
		for i := range f.Chunks {
			c := &f.Chunks[i]
			c.Anchors = nil
			c.Block = i + 1
			switch mode {
			case patch.ReplaceMode:
				var lines []patch.Line
				for _, l := range c.Old() {
					lines = append(lines, patch.Line{Op: '-', Text: l})
				}
				for _, l := range c.New() {
					lines = append(lines, patch.Line{Op: '+', Text: l})
				}
				c.Lines = lines
			case patch.UnifiedMode:
				c.OldStart = i*(benchLines/benchChunks) + 500 - 3 + 1
				c.NewStart = c.OldStart
			}
		}
		out.Files = append(out.Files, f)
	}
	return out
}

// BenchmarkApplyRatio interleaves Apply with reading and writing the file
// once, and reports the cost of Apply as a multiple of the latter
// ("x-readwrite"), so that the ratio is measured under the same machine
// load: for the V4A patch, and for the same edits as SEARCH/REPLACE blocks
// and as unified-diff hunks.
func BenchmarkApplyRatio(b *testing.B) {
	for _, mode := range []patch.Mode{patch.PatchMode, patch.ReplaceMode, patch.UnifiedMode} {
		b.Run(mode.String(), func(b *testing.B) {
			root, _, fwd, rev := benchSetup(b)
			fwd, rev = asMode(fwd, mode), asMode(rev, mode)
			var apply, rw time.Duration
			n := 0
			b.ReportAllocs()
			for b.Loop() {
				p := fwd
				if n%2 == 1 {
					p = rev
				}
				n++
				start := time.Now()
				if _, err := patch.Apply(root, p); err != nil {
					b.Fatal(err)
				}
				mid := time.Now()
				data, err := root.ReadFile("big.go")
				if err != nil {
					b.Fatal(err)
				}
				if err := root.WriteFile("big.go", data, 0o644); err != nil {
					b.Fatal(err)
				}
				apply += mid.Sub(start)
				rw += time.Since(mid)
			}
			b.ReportMetric(float64(apply)/float64(rw), "x-readwrite")
			b.ReportMetric(float64(apply.Nanoseconds())/float64(n), "apply-ns/op")
			b.ReportMetric(float64(rw.Nanoseconds())/float64(n), "readwrite-ns/op")
		})
	}
}

// BenchmarkParse parses the 100-chunk patch.
func BenchmarkParse(b *testing.B) {
	_, _, fwd, _ := benchSetup(b)
	text := fwd.String()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := patch.Parse(text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiff renders the unified diff of the 100-chunk patch.
func BenchmarkDiff(b *testing.B) {
	root, _, fwd, _ := benchSetup(b)
	res, err := patch.DryRun(root, fwd)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = res.Diff()
	}
}

// BenchmarkParseFormats parses the 100-chunk patch written in each format,
// as a model's reply: prose around the edits.
func BenchmarkParseFormats(b *testing.B) {
	_, _, fwd, _ := benchSetup(b)
	for _, f := range []patch.Format{patch.V4A, patch.SearchReplace, patch.XML, patch.Unified} {
		b.Run(f.String(), func(b *testing.B) {
			text, err := asMode(fwd, patch.UnifiedMode).Render(f)
			if err != nil {
				b.Fatal(err)
			}
			reply := "Here are the changes — with a note about “quotes” 👍:\n\n" + text + "\nLet me know if you want more.\n"
			b.SetBytes(int64(len(reply)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := patch.Extract(reply, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
