package responses_test

import (
	"fmt"
	"strings"

	"github.com/respkit/respkit/responses"
)

func ExampleAccumulator() {
	// A stream that breaks off before its response.completed event.
	stream := `{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","status":"in_progress","output":[]}}
{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[]}}
{"type":"response.content_part.added","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"text":""}}
{"type":"response.output_text.delta","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hello"}
{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":", world"}`

	var acc responses.Accumulator
	for line := range strings.Lines(stream) {
		ev, err := responses.UnmarshalEvent([]byte(line))
		if err != nil {
			fmt.Println(err)
			return
		}
		if err := acc.Add(ev); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-30s %q\n", ev.EventType(), acc.Response().OutputText())
	}
	r := acc.Response()
	fmt.Println(r.ID, r.Status, r.OutputText())
	// Output:
	// response.created               ""
	// response.output_item.added     ""
	// response.content_part.added    ""
	// response.output_text.delta     "Hello"
	// response.output_text.delta     "Hello, world"
	// resp_1 in_progress Hello, world
}
