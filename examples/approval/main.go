// Approval lets a model use a tool that changes things, deleting files,
// only with a person's consent: the tool loop asks before each such call
// runs, and a call that is refused is never run.
//
// It teaches the Approve hook of responses.Loop. The loop calls it with
// every call the model makes, before any call of the turn runs, one call at
// a time and in call order, so it may stop and ask. It returns nil to let
// the call run, or an error to deny it. A denied call is answered with
// "denied: " and the error's text, so the model knows and can tell the
// user; to end the loop on a denial instead, set OnToolError to return the
// error. The tools work inside a throwaway folder opened with os.OpenRoot,
// so even an approved call cannot touch a file outside it.
//
// Run it with:
//
//	go run ./examples/approval
//
// and answer y or n for each file. When standard input has no answer left
// (go run ./examples/approval < /dev/null), it answers n by itself, or y
// with -yes.
//
// With OPENAI_API_KEY set it calls the real API (OPENAI_MODEL picks the
// model, gpt-5-mini by default). Without it, it starts respkit's built-in
// fake server and says so. Its simulated model calls each tool the request
// mentions once (listing the files and deleting the first file named), then
// answers by quoting the results; the approvals and the tools run exactly
// as they would with a real model.
package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"strings"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// PathArgs are the arguments of delete_file.
type PathArgs struct {
	Path string `json:"path" jsonschema_description:"The file's path, relative to the project folder"`
}

func main() {
	yes := flag.Bool("yes", false, "when standard input has no answer, approve the call instead of denying it")
	flag.Parse()
	ctx := context.Background()

	// A throwaway project folder with a few files to clean up.
	dir, err := os.MkdirTemp("", "approval-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	for _, name := range []string{"main.go", "build.tmp", "cache.tmp", "notes.txt"} {
		if err := os.WriteFile(dir+"/"+name, []byte("…\n"), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer root.Close()

	// Two tools: listing is harmless, deleting needs consent.
	listFiles := responses.Func("list_files", "List the files of the project folder.",
		func(ctx context.Context, _ struct{}) ([]string, error) {
			return fs.Glob(root.FS(), "*")
		})
	deleteFile := responses.Func("delete_file", "Delete a file of the project folder.",
		func(ctx context.Context, a PathArgs) (string, error) {
			if err := root.Remove(a.Path); err != nil {
				return "", err // the model reads the error
			}
			return "deleted " + a.Path, nil
		})

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

	ask := newAsker(*yes)
	loop := &responses.Loop{
		Service: responses.New(c),
		Tools:   []responses.Handler{listFiles, deleteFile},
		// Approve sees every call; only deletions need a yes. The call's
		// Name and Arguments (the JSON the model wrote) are enough to ask.
		Approve: func(ctx context.Context, call *responses.ToolCall) error {
			if call.Name != "delete_file" {
				return nil
			}
			if !ask(fmt.Sprintf("The model wants to call %s(%s). Allow? [y/N] ", call.Name, call.Arguments)) {
				return errors.New("the user declined to delete this file")
			}
			return nil
		},
	}

	t, err := loop.Run(ctx, &responses.Request{
		Model:        cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini"),
		Instructions: "You tidy up a project folder with the tools. Delete one file per call.",
		Input:        responses.Text("List my project's files and delete build.tmp and cache.tmp, then tell me what you did."),
	})
	if err != nil {
		log.Fatal(err)
	}

	// What the model was told about each deletion: the file's removal, or
	// the denial. In each turn of the transcript, Outputs[i] answers
	// Calls[i].
	for _, turn := range t.Turns {
		for i, call := range turn.Calls {
			if call.Name == "delete_file" {
				fmt.Println("  →", turn.Outputs[i].(*responses.FunctionCallOutput).Output.Text())
			}
		}
	}
	fmt.Println()
	fmt.Println(t.Response().OutputText())
	left, _ := fs.Glob(root.FS(), "*")
	fmt.Println("\nFiles left:", strings.Join(left, ", "))
}

// newAsker returns a function that asks a yes-or-no question and reads the
// answer from standard input. When there is no input left (as when it is
// /dev/null), it answers auto by itself.
func newAsker(auto bool) func(question string) bool {
	in := bufio.NewScanner(os.Stdin)
	return func(question string) bool {
		fmt.Print(question)
		if !in.Scan() {
			fmt.Printf("%s (no input)\n", map[bool]string{true: "y", false: "n"}[auto])
			return auto
		}
		a := strings.ToLower(strings.TrimSpace(in.Text()))
		return a == "y" || a == "yes"
	}
}
