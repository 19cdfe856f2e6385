package patch_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/respkit/respkit/patch"
)

func ExampleParse() {
	p, err := patch.Parse(`*** Begin Patch
*** Add File: docs/notes.md
+# Notes
*** Update File: main.go
@@ func main() {
-	fmt.Println("hi")
+	fmt.Println("hello")
*** Delete File: old.txt
*** End Patch`)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range p.Files {
		fmt.Println(f.Kind, f.Path)
		for _, c := range f.Chunks {
			fmt.Printf("  anchors %q, old %q, new %q\n", c.Anchors, c.Old(), c.New())
		}
	}
	// Output:
	// add docs/notes.md
	// update main.go
	//   anchors ["func main() {"], old ["\tfmt.Println(\"hi\")"], new ["\tfmt.Println(\"hello\")"]
	// delete old.txt
}

// exampleRoot creates a temporary folder holding one file and opens it.
func exampleRoot(name, content string) (*os.Root, func()) {
	dir, err := os.MkdirTemp("", "patch-example")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		log.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		log.Fatal(err)
	}
	return root, func() { root.Close(); os.RemoveAll(dir) }
}

func ExampleApply() {
	root, cleanup := exampleRoot("greet.py", "def greet(name):\n    return 'hi ' + name\n")
	defer cleanup()

	p, err := patch.Parse(`*** Begin Patch
*** Update File: greet.py
@@ def greet(name):
-    return 'hi ' + name
+    return f'hello, {name}'
*** Add File: tests/test_greet.py
+from greet import greet
+assert greet('bob') == 'hello, bob'
*** End Patch`)
	if err != nil {
		log.Fatal(err)
	}
	res, err := patch.Apply(root, p)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(res)
	data, _ := root.ReadFile("greet.py")
	fmt.Print(string(data))
	// Output:
	// A tests/test_greet.py
	// M greet.py
	// def greet(name):
	//     return f'hello, {name}'
}

func ExampleResult_Diff() {
	root, cleanup := exampleRoot("config.ini", "[server]\nport = 8080\nhost = localhost\n")
	defer cleanup()

	p, err := patch.Parse("*** Begin Patch\n*** Update File: config.ini\n@@\n-port = 8080\n+port = 9090\n*** End Patch")
	if err != nil {
		log.Fatal(err)
	}
	res, err := patch.DryRun(root, p) // review first: nothing is written
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(res.Diff())
	// Output:
	// --- a/config.ini
	// +++ b/config.ini
	// @@ -1,3 +1,3 @@
	//  [server]
	// -port = 8080
	// +port = 9090
	//  host = localhost
}

func ExampleApplyOperation() {
	root, cleanup := exampleRoot("todo.txt", "buy milk\nwalk dog\n")
	defer cleanup()

	// The operation of an apply_patch_call output item.
	op := patch.Operation{Type: "update_file", Path: "todo.txt", Diff: "@@ buy milk\n+call mom\n"}
	if _, err := patch.ApplyOperation(root, op); err != nil {
		log.Fatal(err)
	}
	data, _ := root.ReadFile("todo.txt")
	fmt.Print(string(data))
	// Output:
	// buy milk
	// call mom
	// walk dog
}

func ExampleError() {
	root, cleanup := exampleRoot("fib.py", "def fib(n):\n    if n < 2:\n        return n\n")
	defer cleanup()

	op := patch.Operation{Type: "update_file", Path: "fib.py", Diff: "@@\n def fib(n):\n-    if n <= 1:\n+    if n < 1:"}
	_, err := patch.ApplyOperation(root, op)
	if e, ok := errors.AsType[*patch.Error](err); ok {
		fmt.Println("class:", e.Class)
		fmt.Println(e) // what to send back to the model as the call's output
	}
	// Output:
	// class: context_not_found
	// patch: fib.py: patch line 1: the chunk's context and removed lines were not found
	// sought:
	// 	def fib(n):
	// 	    if n <= 1:
	// closest candidate at line 1 (1 of 2 lines match):
	// 	def fib(n):
	// 	    if n < 2:
}
