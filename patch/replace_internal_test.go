package patch

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestReplaceOnceMatchesEach checks that the one-pass placement of blocks
// gives the bytes that applying them one after the other gives.
func TestReplaceOnceMatchesEach(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"func f() {", "\treturn \"naïve\"", "}", "", "// 🚀 launch", "x := 1", "\tif x > 0 {", "\t}"}
	compared := 0
	for iter := range 300 {
		var lines []string
		for range 5 + r.IntN(40) {
			lines = append(lines, words[r.IntN(len(words))]+fmt.Sprint(r.IntN(4)))
		}
		eol := []string{"\n", "\r\n"}[r.IntN(2)]
		old := strings.Join(lines, eol)
		if r.IntN(3) > 0 {
			old += eol
		}
		f := &File{Path: "f"}
		used := make([]bool, len(lines))
	blocks:
		for b := range 1 + r.IntN(4) {
			at, n := r.IntN(len(lines)), 1+r.IntN(3)
			if at+n > len(lines) {
				continue
			}
			for k := at; k < at+n; k++ {
				if used[k] {
					continue blocks
				}
			}
			c := Chunk{Block: b + 1}
			for k := at; k < at+n; k++ {
				used[k] = true
				c.Lines = append(c.Lines, Line{Op: '-', Text: lines[k]})
			}
			for range r.IntN(3) {
				c.Lines = append(c.Lines, Line{Op: '+', Text: fmt.Sprintf("new %d ✓", r.IntN(100))})
			}
			f.Chunks = append(f.Chunks, c)
		}
		if len(f.Chunks) == 0 {
			continue
		}
		first := r.IntN(2) == 0
		var m matcher
		tx := newText(old, false)
		reps, ok := m.locateOnce(f, tx, first)
		if !ok {
			continue
		}
		once, _, err := m.rebuild(f, tx, reps, ReplaceMode, false)
		if err != nil {
			t.Fatal(err)
		}
		each := m.replaceEach(f, newText(old, false), first)
		if len(each.failed) > 0 {
			continue // a later block's lines occur again after an earlier block
		}
		if once != each.content {
			t.Fatalf("iteration %d: one pass gives\n%q\none by one gives\n%q", iter, once, each.content)
		}
		compared++
	}
	if compared < 50 {
		t.Errorf("only %d cases compared", compared)
	}
}
