// Package schema turns Go types into strict JSON Schemas for structured
// output and function tools, and decodes model output back into Go values,
// strictly, whole or while it streams.
//
// # Schemas
//
// [For] reflects a Go type with github.com/invopop/jsonschema and applies
// the rules of strict mode: the root is an object, every object is closed
// and lists every property as required, optional and pointer fields are
// unions with null, $ref never carries sibling keywords, oneOf becomes
// anyOf, and keywords strict mode does not support are moved into the
// description or rejected. Go types without a strict schema (maps,
// interfaces, channels, ...) are a [*TypeError] naming the field; schemas
// over the documented size limits are a [*SchemaError] matching [ErrLimit].
// Results are cached per type.
//
// [FromJSON] applies the same transform to a hand-written schema, and [Raw]
// wraps a schema for use without strict mode. The JSON encoding of a
// [Schema] is the schema object to send; its Name and Description go next
// to it.
//
// # Decoding
//
// [Decode] decodes JSON text into a value of a Go type, rejecting unknown,
// missing and repeated fields, wrong types, values outside an enum and
// trailing data. Errors are a [*DecodeError] that carries the JSON path of
// the offending value (such as $.lines[2].qty) and the whole text. After
// decoding, Validate() error methods run, and their errors come back in a
// [*ValidationError].
//
// # Streaming
//
// A [Partial] decodes text that arrives in pieces. After each
// [Partial.Write], [Partial.Value] shows what is known so far (strings as
// far as they came, numbers and enum values only once complete), and
// [Partial.Final] returns the value [Decode] would return for the whole
// text. The work per piece does not grow with the document.
//
// # Example
//
// A complete program that builds the schema for a structured output,
// decodes a streamed reply and reports a mismatch:
//
//	package main
//
//	import (
//		"encoding/json"
//		"fmt"
//		"log"
//
//		"github.com/respkit/respkit/schema"
//	)
//
//	type Invoice struct {
//		Number string `json:"number"`
//		Lines  []Line `json:"lines"`
//		Note   string `json:"note,omitempty"`
//	}
//
//	type Line struct {
//		Product string  `json:"product" jsonschema_description:"As printed"`
//		Qty     int     `json:"qty" jsonschema:"minimum=1"`
//		Price   float64 `json:"price"`
//	}
//
//	func main() {
//		s, err := schema.For[Invoice]()
//		if err != nil {
//			log.Fatal(err)
//		}
//		format, _ := json.Marshal(map[string]any{
//			"type": "json_schema", "name": s.Name, "strict": true, "schema": s,
//		})
//		fmt.Println(string(format))
//
//		p := schema.NewPartial[Invoice]()
//		for _, delta := range []string{`{"number":"A`, `1","lines":[{"product":"Pen",`, `"qty":2,"price":1.5}],"note":null}`} {
//			if changed, err := p.Write(delta); err != nil {
//				log.Fatal(err)
//			} else if changed {
//				fmt.Printf("%+v\n", *p.Value())
//			}
//		}
//		inv, err := p.Final()
//		fmt.Printf("%+v %v\n", inv, err)
//
//		_, err = schema.Decode[Invoice]([]byte(`{"number":"A1","lines":[{"product":"Pen","qty":"two","price":1}],"note":null}`))
//		fmt.Println(err) // schema: decode Invoice: $.lines[0].qty: expected integer, got string "two"
//	}
package schema
