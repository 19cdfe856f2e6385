// Patch asks a model to edit code and applies its edits to a project
// folder, safely, printing each change as a diff first.
//
// GPT-5.1 and later models edit files through the built-in apply_patch
// tool: they answer with apply_patch calls, each one operation on one file
// (create_file, update_file or delete_file) whose diff is in the V4A format
// ("@@" sections of context, "-" and "+" lines). This program shows the whole
// path from those calls to changed files:
//
//  1. it creates a small project in a temporary folder;
//  2. it asks the model for an edit, with the apply_patch tool;
//  3. for each call, it parses the operation with patch.ParseOperation and
//     previews it with patch.DryRun, printed as a unified diff;
//  4. it applies the operation with patch.ApplyOperation, inside the folder
//     opened with os.OpenRoot: all of a change or nothing, and never a file
//     outside the folder;
//  5. it shows what a refused operation looks like: one that tries to write
//     outside the folder. The error text is what you send back to the model
//     (in an apply_patch_call_output) so that it can correct itself;
//  6. it asks for a second edit through a custom tool that takes
//     SEARCH/REPLACE blocks (Aider's format, one of the formats package
//     patch reads besides V4A: pseudo-XML edits and unified diffs too),
//     in a tool loop, previewing and applying each call;
//  7. it shows the answer a model gets when one of its blocks does not
//     match: which block, why, the closest lines, and not to resend the
//     blocks that applied.
//
// In a tool loop, responses.ApplyPatchIn(root) does steps 3 to 5 and sends
// the answers back (see examples/tools for the loop). Package patch also
// parses and applies whole V4A patches ("*** Begin Patch" …), as older
// models write them in text: see patch.Parse and patch.Apply.
//
// Run it with:
//
//	go run ./examples/patch
//
// With OPENAI_API_KEY set it asks the real API (OPENAI_MODEL picks the model,
// gpt-5.1 by default). Without it, it asks respkit's built-in fake server and
// says so; its simulated model proposes a small edit (a comment) to the file
// the request names, in the format of the tool it is given.
package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/patch"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// greetSource is the file the model is asked to change.
const greetSource = `package greet

import "fmt"

// Greet returns a greeting for name.
func Greet(name string) string {
	return fmt.Sprintf("Hello, %s", name)
}
`

func main() {
	ctx := context.Background()

	// 1. A project folder with one source file.
	dir, err := os.MkdirTemp("", "respkit-patch-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.MkdirAll(filepath.Join(dir, "greet"), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "greet", "greet.go"), []byte(greetSource), 0o644); err != nil {
		log.Fatal(err)
	}

	var opts []client.Option
	if os.Getenv("OPENAI_API_KEY") == "" {
		srv := responsestest.NewServer()
		defer srv.Close()
		opts = append(opts, client.WithBaseURL(srv.URL), client.WithAPIKey("offline"))
		fmt.Println("No OPENAI_API_KEY set: running offline against respkit's built-in fake server.")
	}
	c, err := client.New(opts...)
	if err != nil {
		log.Fatal(err)
	}

	// 2. Ask for the edit. The model sees the file in the request and
	// answers with apply_patch calls.
	request := "In greet/greet.go, make Greet handle an empty name by greeting \"stranger\".\n\n" +
		"greet/greet.go:\n" + greetSource
	fmt.Println("Request:", "In greet/greet.go, make Greet handle an empty name.")
	resp, err := responses.New(c).Create(ctx, &responses.Request{
		Model: cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5.1"),
		Input: responses.Text(request),
		Tools: []responses.Tool{responses.ApplyPatch()},
	})
	if err != nil {
		log.Fatal(err)
	}

	// The folder, opened as a root: every path is resolved inside it, and
	// "../", absolute paths or symbolic links leading out are refused.
	root, err := os.OpenRoot(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer root.Close()

	for _, it := range resp.Output {
		call, ok := it.(*responses.ApplyPatchCall)
		if !ok {
			continue
		}
		op := call.Operation.Patch()

		// 3. Preview: parse the operation and compute the result without
		// writing anything.
		p, err := patch.ParseOperation(op)
		if err != nil {
			log.Fatal(err) // a *patch.Error of class parse_error
		}
		preview, err := patch.DryRun(root, p)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("\nThe model proposes (%s %s):\n", op.Type, op.Path)
		fmt.Print(preview.Diff())

		// 4. Apply it.
		res, err := patch.ApplyOperation(root, op)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Print("Applied: ", res)
	}

	// 5. An operation that escapes the folder is refused, and nothing is
	// written. The error says why, for the model to read.
	_, err = patch.ApplyOperation(root, patch.Operation{Type: patch.CreateFile, Path: "../../outside.txt", Diff: "+gotcha\n"})
	perr, ok := errors.AsType[*patch.Error](err)
	if !ok {
		log.Fatalf("an operation outside the folder: got %v, want a *patch.Error", err)
	}
	fmt.Printf("\nAn edit outside the folder is refused (%s):\n%v\n", perr.Class, perr)

	// 6. Other formats. Models also write SEARCH/REPLACE blocks (Aider's
	// format), pseudo-XML edits and unified diffs; package patch parses
	// each into the same edits and applies them with the same guarantees.
	// Here the model gets a custom tool that takes SEARCH/REPLACE blocks:
	// responses.EditTool teaches it the format and holds its input to the
	// format's grammar. The handler previews each call and applies it;
	// responses.EditIn(root, patch.SearchReplace) does the same in one call.
	edit := responses.CustomFunc(responses.EditTool(patch.SearchReplace), func(ctx context.Context, input string) (string, error) {
		p, err := patch.Extract(input, patch.SearchReplace)
		if err != nil {
			return "", err // a *patch.Error the model can act on
		}
		if preview, err := patch.DryRun(root, p); err == nil {
			fmt.Printf("\nThe model proposes, as SEARCH/REPLACE blocks:\n%s", preview.Diff())
		}
		res, err := patch.ApplyPartial(root, p)
		if err != nil {
			return "", err // says which blocks failed, and not to resend the others
		}
		return "Success. Updated the following files:\n" + res.String(), nil
	})
	loop := &responses.Loop{Service: responses.New(c), Tools: []responses.Handler{edit}}
	run, err := loop.Run(ctx, &responses.Request{
		Model: cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5.1"),
		Input: responses.Text("In greet/greet.go, add a doc comment to the package.\n\ngreet/greet.go:\n" + readFile(root, "greet/greet.go")),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("The model:", run.Response().OutputText())

	// 7. A block whose SEARCH lines are not in the file fails; the others
	// apply. The error is the answer the model gets: which block failed,
	// why, the closest lines of the file, and not to resend the rest.
	reply := "greet/greet.go\n```go\n<<<<<<< SEARCH\nimport \"fmt\"\n=======\nimport (\n\t\"fmt\"\n)\n>>>>>>> REPLACE\n```\n" +
		"greet/greet.go\n```go\n<<<<<<< SEARCH\nfunc Greet(name string) string {\n\treturn fmt.Sprintf(\"Hi, %s\", name)\n=======\nfunc Greet(name string) string {\n\treturn fmt.Sprintf(\"Hi, %s!\", name)\n>>>>>>> REPLACE\n```\n"
	p, err := patch.Extract(reply, patch.SearchReplace)
	if err != nil {
		log.Fatal(err)
	}
	_, err = patch.ApplyPartial(root, p)
	if _, ok := errors.AsType[*patch.BlockError](err); !ok {
		log.Fatalf("a block that does not match: got %v, want a *patch.BlockError", err)
	}
	fmt.Printf("\nOne block of two does not match; the model reads:\n%v\n", err)
}

// readFile returns the content of a file of root.
func readFile(root *os.Root, name string) string {
	b, err := root.ReadFile(name)
	if err != nil {
		log.Fatal(err)
	}
	return string(b)
}
