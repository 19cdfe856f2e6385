package extract_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/extract"
)

// byteSize measures a text in bytes, so that the tests read plainly.
func byteSize(s string) int { return len(s) }

func TestSplit(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		budget int
		want   []string
	}{
		{"empty", "", 10, nil},
		{"fits", "One paragraph.", 100, []string{"One paragraph."}},
		{"paragraphs packed", "aaa\n\nbbb\n\nccc\n\nddd", 10,
			[]string{"aaa\n\nbbb\n\n", "ccc\n\nddd"}},
		{"blank lines with spaces stay with the paragraph before", "aaaa\n  \n\t\n\nbbbb", 11,
			[]string{"aaaa\n  \n\t\n\n", "bbbb"}},
		{"a single newline is not a boundary", "aaaa\nbbbb\n\ncc", 11,
			[]string{"aaaa\nbbbb\n\n", "cc"}},
		{"long paragraph cut between sentences", "One. Two! Three? Four.\n\nFive.", 11,
			[]string{"One. Two! ", "Three? ", "Four.\n\n", "Five."}},
		{"sentence ends after quotes", `He said "no." Then left.`, 14,
			[]string{`He said "no." `, "Then left."}},
		{"a decimal point is not a sentence end", "Pi is 3.14 today. Yes.", 18,
			[]string{"Pi is 3.14 today. ", "Yes."}},
		{"long sentence cut after a space", "alpha beta gamma delta", 12,
			[]string{"alpha beta ", "gamma delta"}},
		{"long word cut hard", "abcdefghij", 4,
			[]string{"abcd", "efgh", "ij"}},
		{"never inside a character", "ééééé", 3,
			[]string{"é", "é", "é", "é", "é"}},
		{"a character over the budget is a window", "日本", 2,
			[]string{"日", "本"}},
		{"zero budget", "ab", 0, []string{"a", "b"}},
		{"CRLF blank line", "aaaa\r\n\r\nbbbb", 8, []string{"aaaa\r\n\r\n", "bbbb"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := extract.Split(tt.text, tt.budget, byteSize)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Split(%q, %d) (-want +got):\n%s", tt.text, tt.budget, diff)
			}
			checkWindows(t, tt.text, tt.budget, byteSize, got)
		})
	}
}

func TestSplitApproxTokens(t *testing.T) {
	para := strings.Repeat("A sentence of some words. ", 40) // 1,040 bytes, 260 tokens
	text := strings.Repeat(para+"\n\n", 50)
	got := extract.Split(text, 1000, nil)
	checkWindows(t, text, 1000, extract.ApproxTokens, got)
	if len(got) != 17 { // 3 paragraphs (783 tokens) a window
		t.Errorf("Split gave %d windows, want 17", len(got))
	}
}

func TestApproxTokens(t *testing.T) {
	for s, want := range map[string]int{"": 0, "a": 1, "abcd": 1, "abcde": 2} {
		if got := extract.ApproxTokens(s); got != want {
			t.Errorf("ApproxTokens(%q) = %d, want %d", s, got, want)
		}
	}
}

// checkWindows fails unless the windows cover text exactly, in order, and
// each is within the budget or a single character.
func checkWindows(t *testing.T, text string, budget int, size func(string) int, windows []string) {
	t.Helper()
	if got := strings.Join(windows, ""); got != text {
		t.Fatalf("windows join to %q, want %q", got, text)
	}
	for i, w := range windows {
		if w == "" {
			t.Errorf("window %d is empty", i)
		}
		if size(w) > budget && utf8.RuneCountInString(w) > 1 {
			t.Errorf("window %d %q has size %d, over the budget of %d", i, w, size(w), budget)
		}
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("aaa\n\nbbb\n\nccc", 5)
	f.Add("One. Two! Three?\n \nFour.", 7)
	f.Add("ééé日本 x.y z", 2)
	f.Add("\n\n\n", 1)
	f.Add("\xff\xfe. \xc3", 3)
	f.Fuzz(func(t *testing.T, text string, budget int) {
		budget %= 64
		for _, size := range []func(string) int{byteSize, extract.ApproxTokens} {
			checkWindows(t, text, budget, size, extract.Split(text, budget, size))
		}
	})
}
