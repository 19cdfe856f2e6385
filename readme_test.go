package respkit_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMECompiles builds every ```go block of README.md, so that the
// README never shows code that does not compile. The rule:
//
//   - A block that starts with "package" is a whole program, built as is.
//   - Any other block is a fragment: the body of func main. The test adds
//     the imports of the packages its code names outside comments
//     (pkg.Name, from readmeImports), and the prelude below, which declares
//     what the tour takes as given: ctx, req, call, the Invoice type and
//     the getWeather function. A variable that the fragment declares to
//     show it and then leaves unused is allowed: for each one the compiler
//     names, the test adds "_ = name" on the line after its declaration and
//     builds again.
//
// Each program is built with go build in a temporary directory inside the
// module, so it compiles against this version of the packages.
func TestREADMECompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs: skipped in -short mode")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH: cannot build the README's code blocks")
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := goBlocks(string(readme))
	if len(blocks) == 0 {
		t.Fatal("README.md has no ```go block")
	}
	for i, b := range blocks {
		t.Run(fmt.Sprintf("block%d_line%d", i+1, b.line), func(t *testing.T) {
			dir, err := os.MkdirTemp(".", "readmetest")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(dir) })
			whole := strings.HasPrefix(strings.TrimSpace(b.code), "package ")
			src := b.code
			if !whole {
				src = wrapFragment(b.code)
			}
			main := filepath.Join(dir, "main.go")
			for range 10 {
				if err := os.WriteFile(main, []byte(src), 0o600); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command(gobin, "build", "-o", os.DevNull, "./"+filepath.Base(dir))
				out, err := cmd.CombinedOutput()
				if err == nil {
					return
				}
				var fixed bool
				if !whole {
					src, fixed = allowUnused(src, out)
				}
				if !fixed {
					t.Fatalf("the README's go block at line %d does not compile:\n%s\nprogram:\n%s", b.line, out, numbered(src))
				}
			}
			t.Fatalf("the README's go block at line %d: too many unused variables", b.line)
		})
	}
}

type goBlock struct {
	line int // of the opening fence
	code string
}

// goBlocks returns the ```go blocks of a Markdown text.
func goBlocks(md string) []goBlock {
	var blocks []goBlock
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```go" {
			continue
		}
		start := i
		var code []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			code = append(code, lines[i])
		}
		blocks = append(blocks, goBlock{line: start + 1, code: strings.Join(code, "\n") + "\n"})
	}
	return blocks
}

// readmeImports are the packages a fragment may name, by package name.
var readmeImports = map[string]string{
	"errors":        "errors",
	"fmt":           "fmt",
	"io":            "io",
	"json":          "encoding/json",
	"log":           "log",
	"http":          "net/http",
	"os":            "os",
	"strings":       "strings",
	"time":          "time",
	"batch":         "github.com/respkit/respkit/batch",
	"client":        "github.com/respkit/respkit/client",
	"extract":       "github.com/respkit/respkit/extract",
	"files":         "github.com/respkit/respkit/files",
	"patch":         "github.com/respkit/respkit/patch",
	"responsestest": "github.com/respkit/respkit/responses/responsestest",
	"schema":        "github.com/respkit/respkit/schema",
	"stream":        "github.com/respkit/respkit/stream",
}

// readmePrelude declares what the README's fragments take as given.
const readmePrelude = `
var (
	ctx  = context.Background()
	req  = &responses.Request{Model: "gpt-5-mini", Input: responses.Text("Hello")}
	call *responses.ApplyPatchCall
)

type Invoice struct {
	Number string  ` + "`json:\"number\"`" + `
	Total  float64 ` + "`json:\"total\"`" + `
}

type City struct {
	City string ` + "`json:\"city\"`" + `
}

func getWeather(ctx context.Context, c City) (string, error) { return "sunny", nil }
`

// wrapFragment makes a program of a fragment, as TestREADMECompiles says.
func wrapFragment(code string) string {
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n\t\"context\"\n\t\"github.com/respkit/respkit/responses\"\n")
	uncommented := regexp.MustCompile(`//.*`).ReplaceAllString(code, "")
	for name, path := range readmeImports {
		if regexp.MustCompile(`\b` + name + `\.`).MatchString(uncommented) {
			fmt.Fprintf(&b, "\t%q\n", path)
		}
	}
	b.WriteString(")\n")
	b.WriteString(readmePrelude)
	b.WriteString("\nfunc main() {\n")
	b.WriteString(code)
	b.WriteString("}\n")
	return b.String()
}

var unusedRE = regexp.MustCompile(`main\.go:(\d+):\d+: declared and not used: (\w+)`)

// allowUnused adds "_ = name" after the line of each variable the compiler
// output out reports as unused, and reports whether there was any.
func allowUnused(src string, out []byte) (string, bool) {
	ms := unusedRE.FindAllSubmatch(out, -1)
	if len(ms) == 0 || len(ms) != bytes.Count(out, []byte("main.go:")) {
		return src, false // an error of another kind
	}
	lines := strings.Split(src, "\n")
	add := map[int][]string{}
	for _, m := range ms {
		var n int
		fmt.Sscan(string(m[1]), &n)
		add[n] = append(add[n], string(m[2]))
	}
	var b strings.Builder
	for i, l := range lines {
		b.WriteString(l)
		if i < len(lines)-1 {
			b.WriteString("\n")
		}
		for _, name := range add[i+1] {
			fmt.Fprintf(&b, "_ = %s\n", name)
		}
	}
	return b.String(), true
}

func numbered(src string) string {
	var b strings.Builder
	for i, l := range strings.Split(src, "\n") {
		fmt.Fprintf(&b, "%4d  %s\n", i+1, l)
	}
	return b.String()
}
