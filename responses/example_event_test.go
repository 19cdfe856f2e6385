package responses_test

import (
	"fmt"
	"strings"

	"github.com/respkit/respkit/responses"
)

func ExampleEvent() {
	stream := `{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","status":"in_progress","output":[]}}
{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hello","logprobs":[]}
{"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" world","logprobs":[]}
{"type":"response.teleport.done","sequence_number":6}
{"type":"response.completed","sequence_number":7,"response":{"id":"resp_1","status":"completed","output":[]}}`

	for line := range strings.Lines(stream) {
		ev, err := responses.UnmarshalEvent([]byte(line))
		if err != nil {
			fmt.Println(err)
			return
		}
		switch ev := ev.(type) {
		case *responses.CreatedEvent:
			fmt.Println("created", ev.Response.ID)
		case *responses.OutputTextDeltaEvent:
			fmt.Printf("delta %q\n", ev.Delta)
		case *responses.CompletedEvent:
			fmt.Println("completed", ev.Response.Status)
		default:
			fmt.Printf("#%d: %s\n", ev.Sequence(), ev.EventType())
		}
	}
	// Output:
	// created resp_1
	// delta "Hello"
	// delta " world"
	// #6: response.teleport.done
	// completed completed
}
