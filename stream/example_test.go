package stream_test

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/respkit/respkit/stream"
)

func ExampleEvents() {
	body := strings.NewReader("event: response.output_text.delta\n" +
		`data: {"type":"response.output_text.delta","delta":"Hello"}` + "\n\n" +
		": keep-alive\n\n" +
		"event: response.output_text.delta\n" +
		`data: {"type":"response.output_text.delta","delta":", world"}` + "\n\n")

	for ev, err := range stream.Events(body) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Printf("%s %s\n", ev.Type, ev.Data)
	}
	// Output:
	// response.output_text.delta {"type":"response.output_text.delta","delta":"Hello"}
	// response.output_text.delta {"type":"response.output_text.delta","delta":", world"}
}

func ExampleDecoder() {
	body := strings.NewReader("retry: 2000\n" +
		"id: 1\n" +
		"data: first line\n" +
		"data: second line\n" +
		"\n" +
		"event: done\n" +
		"data\n") // no blank line: the end of the stream ends the event

	d := stream.NewDecoder(body)
	for {
		ev, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Printf("type=%s id=%s retry=%v data=%q offset=%d\n", ev.Type, ev.ID, ev.Retry, ev.Data, d.Offset())
	}
	// Output:
	// type=message id=1 retry=2s data="first line\nsecond line" offset=54
	// type=done id=1 retry=2s data="" offset=71
}

func ExampleLimitError() {
	body := strings.NewReader("data: ok\n\ndata: a line longer than sixteen bytes\n\n")

	for ev, err := range stream.Events(body, stream.WithMaxLineSize(16)) {
		if lerr, ok := errors.AsType[*stream.LimitError](err); ok {
			fmt.Println(lerr)
			fmt.Println(lerr.What, lerr.Limit, lerr.Offset)
			return
		}
		fmt.Printf("%s\n", ev.Data)
	}
	// Output:
	// ok
	// stream: line exceeds 16 bytes at offset 10
	// line 16 10
}
