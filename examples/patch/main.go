// Command patch applies a model's file edits to a project folder, safely.
//
// Asked to change code, GPT-4.1 and later models answer with a V4A patch:
// "*** Begin Patch", then "*** Update File", "*** Add File" or
// "*** Delete File" sections, then "*** End Patch". This program shows the
// whole path from that answer to changed files:
//
//  1. it creates a small project in a temporary folder;
//  2. it gets the model's answer (for now a canned answer, the text a model
//     returned for the request below, so the program runs offline);
//  3. it parses the patch with patch.Parse;
//  4. it opens the folder with os.OpenRoot, so that nothing the model wrote
//     can touch a file outside it, and previews the change with
//     patch.DryRun, printing it as a unified diff;
//  5. it applies the patch with patch.Apply, which changes every file or
//     none;
//  6. it applies the same patch a second time to show what a refused patch
//     looks like: the error text is what you send back to the model so that
//     it can correct itself.
//
// Run it with:
//
//	go run ./examples/patch
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/respkit/respkit/patch"
)

// request is what the user asked the model.
const request = "In greet/greet.go, make Greet handle an empty name, and add a test for it."

// greetSource is the file the model is asked to change.
const greetSource = `package greet

import "fmt"

// Greet returns a greeting for name.
func Greet(name string) string {
	return fmt.Sprintf("Hello, %s", name)
}

// Farewell returns a goodbye for name.
func Farewell(name string) string {
	return "Bye " + name
}
`

// cannedAnswer is what a model returned for request: a V4A patch that
// updates greet.go (the "@@" line names the function to find) and adds a
// test file.
const cannedAnswer = `*** Begin Patch
*** Update File: greet/greet.go
@@ func Greet(name string) string {
-	return fmt.Sprintf("Hello, %s", name)
+	if name == "" {
+		name = "stranger"
+	}
+	return fmt.Sprintf("Hello, %s!", name)
 }
*** Add File: greet/greet_test.go
+package greet
+
+import "testing"
+
+func TestGreetEmpty(t *testing.T) {
+	if got := Greet(""); got != "Hello, stranger!" {
+		t.Errorf("Greet(\"\") = %q, want %q", got, "Hello, stranger!")
+	}
+}
*** End Patch`

// modelAnswer returns the model's answer to request. It returns the canned
// answer, so that the example runs without an API key.
func modelAnswer(ctx context.Context) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return cannedAnswer, nil
}

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

	// 2. The model's answer.
	fmt.Println("Request:", request)
	answer, err := modelAnswer(ctx)
	if err != nil {
		log.Fatal(err)
	}

	// 3. Parse it. A malformed answer is a *patch.Error of class parse_error.
	p, err := patch.Parse(answer)
	if err != nil {
		log.Fatal(err)
	}

	// 4. Open the folder as a root: every path of the patch is resolved
	// inside it, and "../", absolute paths or symbolic links leading out are
	// refused. Then preview the change without writing anything.
	root, err := os.OpenRoot(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer root.Close()
	preview, err := patch.DryRun(root, p)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("\nProposed change:")
	fmt.Print(preview.Diff())

	// 5. Apply it: all files change, or none.
	res, err := patch.Apply(root, p)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("\nApplied:")
	fmt.Print(res)

	// 6. The same patch again: its context is gone, so it is refused and
	// nothing changes. The error names the file, the patch line, the lines
	// sought and the closest candidate: send it back to the model.
	_, err = patch.Apply(root, p)
	perr, ok := errors.AsType[*patch.Error](err)
	if !ok {
		log.Fatalf("applying the patch twice: got %v, want a *patch.Error", err)
	}
	fmt.Printf("\nApplying it again is refused (%s). The model would be told:\n%v\n", perr.Class, perr)
}
