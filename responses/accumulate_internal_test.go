package responses

import (
	"testing"

	"github.com/respkit/respkit/client"
)

// TestAccumulatorKeepsHTTP checks that the HTTP exchange a stream reader
// sets on the accumulated response survives the events that replace the
// response.
func TestAccumulatorKeepsHTTP(t *testing.T) {
	var acc Accumulator
	if err := acc.Add(&CreatedEvent{Response: &Response{ID: "resp_1", Status: StatusInProgress}}); err != nil {
		t.Fatal(err)
	}
	acc.Response().http = &client.Response{RequestID: "req_1"}
	if err := acc.Add(&CompletedEvent{SequenceNumber: 1, Response: &Response{ID: "resp_1", Status: StatusCompleted}}); err != nil {
		t.Fatal(err)
	}
	if got := acc.Response().RequestID(); got != "req_1" {
		t.Errorf("RequestID() after response.completed = %q, want req_1", got)
	}
}
