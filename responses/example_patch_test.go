package responses_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"

	"github.com/respkit/respkit/patch"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
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

// The model edits files through a custom tool that takes SEARCH/REPLACE
// blocks, its input held to the format by a grammar; EditIn applies them
// inside a folder. The fake server's model answers with a block.
func ExampleEditIn() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(dir+"/app.py", []byte("def greet(name):\n    return 'hi ' + name\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer root.Close()

	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(
		responsestest.Items(&responses.CustomToolCall{Name: "search_replace", Input: "app.py\n" +
			"<<<<<<< SEARCH\n    return 'hi ' + name\n=======\n    return f'hello, {name}'\n>>>>>>> REPLACE\n"}),
		responsestest.Text("Done: greet says hello now."),
	)
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	loop := &responses.Loop{
		Service: responses.New(c),
		Tools:   []responses.Handler{responses.EditIn(root, patch.SearchReplace)},
	}
	t, err := loop.Run(context.Background(), &responses.Request{
		Model: "gpt-5.1",
		Input: responses.Text("In app.py, make greet say hello."),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(t.Turns[0].Outputs[0].(*responses.CustomToolCallOutput).Output.Text())
	b, _ := root.ReadFile("app.py")
	fmt.Print(string(b))
	// Output:
	// Success. Updated the following files:
	// M app.py
	// def greet(name):
	//     return f'hello, {name}'
}
