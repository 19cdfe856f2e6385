package schema_test

import (
	"errors"
	"fmt"

	"github.com/respkit/respkit/schema"
)

type Ticket struct {
	Title    string   `json:"title" jsonschema_description:"One line summary"`
	Priority string   `json:"priority" jsonschema:"enum=low,enum=high"`
	Labels   []string `json:"labels"`
	Assignee *string  `json:"assignee"`
}

func ExampleFor() {
	s, err := schema.For[Ticket](schema.WithDescription("A support ticket"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, "-", s.Description)
	fmt.Println(s)
	// Output:
	// Ticket - A support ticket
	// {"type":"object","properties":{"title":{"type":"string","description":"One line summary"},"priority":{"type":"string","enum":["low","high"]},"labels":{"type":"array","items":{"type":"string"}},"assignee":{"anyOf":[{"type":"string"},{"type":"null"}]}},"required":["title","priority","labels","assignee"],"additionalProperties":false}
}

func ExampleDecode() {
	t, err := schema.Decode[Ticket]([]byte(`{"title":"Printer on fire","priority":"high","labels":["hw"],"assignee":null}`))
	fmt.Printf("%+v %v\n", t, err)

	_, err = schema.Decode[Ticket]([]byte(`{"title":"x","priority":"urgent","labels":[],"assignee":null}`))
	fmt.Println(err)

	var de *schema.DecodeError
	if errors.As(err, &de) {
		fmt.Println(de.Path, de.Offset)
	}
	// Output:
	// {Title:Printer on fire Priority:high Labels:[hw] Assignee:<nil>} <nil>
	// schema: decode Ticket: $.priority: expected one of "low", "high", got string "urgent"
	// $.priority 24
}

func ExampleNewPartial() {
	p := schema.NewPartial[Ticket]()
	for _, delta := range []string{`{"title":"Print`, `er on fire","prio`, `rity":"hi`, `gh","labels":["h`, `w"],"assignee":nu`, `ll}`} {
		changed, err := p.Write(delta)
		if err != nil {
			fmt.Println(err)
			return
		}
		if changed {
			v := p.Value()
			fmt.Printf("%q %q %q\n", v.Title, v.Priority, v.Labels)
		}
	}
	t, err := p.Final()
	fmt.Printf("%+v %v\n", t, err)
	// Output:
	// "Print" "" []
	// "Printer on fire" "" []
	// "Printer on fire" "high" ["h"]
	// "Printer on fire" "high" ["hw"]
	// {Title:Printer on fire Priority:high Labels:[hw] Assignee:<nil>} <nil>
}

func ExampleFromJSON() {
	s, err := schema.FromJSON("get_weather", []byte(`{
		"type": "object",
		"properties": {
			"city": {"type": "string"},
			"unit": {"type": "string", "enum": ["c", "f"], "default": "c"}
		},
		"required": ["city"]
	}`))
	fmt.Println(s, err)
	// Output:
	// {"type":"object","properties":{"city":{"type":"string"},"unit":{"anyOf":[{"type":"string","enum":["c","f"]},{"type":"null"}]}},"required":["city","unit"],"additionalProperties":false} <nil>
}
