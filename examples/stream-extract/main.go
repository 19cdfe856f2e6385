// Stream-extract shows a typed Go value filling up while the model writes
// it: meeting notes turned into a Meeting, with its attendees, decisions and
// action items, displayed as they arrive.
//
// It teaches responses.StreamParse, the streaming form of responses.Parse.
// It yields Parsed[Meeting] values in a range-over-func loop:
//
//   - while p.Done is false, p.Value is partial: strings grow as their text
//     arrives, list elements appear as soon as they start, and numbers and
//     enum values show only once complete, so nothing shown is ever taken
//     back. A value is yielded only when it changed. It is live (the next
//     iteration updates it in place): copy what you keep.
//   - the last value has p.Done set: it is decoded and validated exactly as
//     Parse would, and p.Response is the whole response.
//
// The errors are Parse's, and come at the end of the loop.
//
// Run it with:
//
//	go run ./examples/stream-extract
//
// With OPENAI_API_KEY set it streams from the real API (OPENAI_MODEL picks
// the model, gpt-5-mini by default). Without it, it streams from respkit's
// built-in fake server, and says so: its simulated model fills the schema
// with names, dates and sentences of the notes, and the server splits the
// JSON into token-sized deltas the way the API does.
package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// Meeting is the value to extract; its JSON Schema is what the model
// follows.
type Meeting struct {
	Title     string   `json:"title"`
	Date      *string  `json:"date" jsonschema_description:"YYYY-MM-DD, or null"`
	Attendees []string `json:"attendees"`
	Decisions []string `json:"decisions"`
	Actions   []Action `json:"action_items"`
}

// Action is a task someone took on.
type Action struct {
	Owner    string `json:"owner"`
	Task     string `json:"task"`
	Priority string `json:"priority" jsonschema:"enum=low,enum=medium,enum=high"`
}

const notes = `Notes from the release sync, 4 May 2027. Present: Priya, Tomás, Wen.
We agreed to ship 2.4 on Thursday and to drop the legacy importer. Tomás
will write the migration guide (urgent). Wen fixes the flaky upload test
this week. Priya asks legal about the new license, no rush.`

func main() {
	ctx := context.Background()

	var opts []client.Option
	if os.Getenv("OPENAI_API_KEY") == "" {
		srv := responsestest.NewServer()
		defer srv.Close()
		opts = append(opts, client.WithBaseURL(srv.URL), client.WithAPIKey("offline"))
		fmt.Println("No OPENAI_API_KEY set: streaming offline from respkit's built-in fake server, which fills the schema from the notes.")
	}
	c, err := client.New(opts...)
	if err != nil {
		log.Fatal(err)
	}
	rs := responses.New(c)

	req := &responses.Request{
		Model:        cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini"),
		Instructions: "Turn the meeting notes into a structured summary.",
		Input:        responses.Text(notes),
	}

	// The request is sent when the loop starts. Each iteration brings the
	// value as it stands; here a status line is redrawn with it.
	updates := 0
	for p, err := range responses.StreamParse[Meeting](ctx, rs, req) {
		if err != nil {
			fmt.Println()
			if refusal, ok := errors.AsType[*responses.RefusalError](err); ok {
				fmt.Println("The model refused:", refusal.Refusal)
				return
			}
			log.Fatal(err) // an incomplete answer, a decode error, a broken stream...
		}
		if !p.Done {
			updates++
			fmt.Printf("\r%-80s", status(p.Value))
			continue
		}
		fmt.Printf("\r%-80s\n\n", fmt.Sprintf("%d partial values, then the final one:", updates))
		show(p.Value)
		u := p.Response.Usage
		fmt.Printf("\n(%d input and %d output tokens)\n", u.InputTokens, u.OutputTokens)
	}
}

// status is a one-line view of a partial meeting: the title as far as it
// came, and how many of each list have started.
func status(m *Meeting) string {
	title := m.Title
	if r := []rune(title); len(r) > 30 {
		title = string(r[:27]) + "..."
	}
	return fmt.Sprintf("%-30q %d attendees, %d decisions, %d action items", title, len(m.Attendees), len(m.Decisions), len(m.Actions))
}

func show(m *Meeting) {
	date := "no date"
	if m.Date != nil {
		date = *m.Date
	}
	fmt.Printf("%s (%s), with %s\n", m.Title, date, strings.Join(m.Attendees, ", "))
	for _, d := range m.Decisions {
		fmt.Println("  decided:", d)
	}
	for _, a := range m.Actions {
		fmt.Printf("  %-6s %s: %s\n", a.Priority, a.Owner, a.Task)
	}
}
