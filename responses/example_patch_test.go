package responses_test

import (
	"encoding/json"
	"fmt"
	"log"
	"os"

	"github.com/respkit/respkit/patch"
	"github.com/respkit/respkit/responses"
)

// The operation of an apply_patch call is applied inside a folder with the
// patch package, in one call.
func ExampleApplyPatchOperation_Patch() {
	var call responses.ApplyPatchCall
	item := `{"type":"apply_patch_call","call_id":"call_1","status":"completed",
		"operation":{"type":"create_file","path":"hello.txt","diff":"+Hello, gopher.\n"}}`
	if err := json.Unmarshal([]byte(item), &call); err != nil {
		log.Fatal(err)
	}

	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	root, err := os.OpenRoot(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer root.Close()

	res, err := patch.ApplyOperation(root, call.Operation.Patch())
	if err != nil {
		log.Fatal(err) // a *patch.Error, which tells the model what went wrong
	}
	fmt.Print(res)
	b, _ := root.ReadFile("hello.txt")
	fmt.Printf("%s\n", b)
	// Output:
	// A hello.txt
	// Hello, gopher.
}
