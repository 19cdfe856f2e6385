package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/respkit/respkit/internal/conformance"
)

// TestGeneratedIsCurrent checks that rules_gen.go is what the spec gives:
// run go generate in responses/responsestest when the spec changes.
func TestGeneratedIsCurrent(t *testing.T) {
	spec, err := os.ReadFile(filepath.Join(conformance.Dir(t), "openapi", "openapi.json"))
	if err != nil {
		t.Skipf("no spec: %v", err)
	}
	got, err := generate(spec)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "..", "responses", "responsestest", "rules_gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("rules_gen.go is stale: run go generate ./responses/responsestest")
	}
}

func TestGenerate(t *testing.T) {
	spec := `{"components":{"schemas":{
		"CreateResponse":{"allOf":[{"$ref":"#/components/schemas/Base"},{"type":"object","properties":{"input":{"$ref":"#/components/schemas/Input"}}}]},
		"Base":{"type":"object","properties":{"model":{"type":"string"},"n":{"anyOf":[{"type":"integer","minimum":1},{"type":"null"}]}}},
		"Input":{"oneOf":[{"type":"string"},{"type":"array","items":{"$ref":"#/components/schemas/Item"}}]},
		"Item":{"oneOf":[
			{"type":"object","properties":{"type":{"type":"string","enum":["a"]},"x":{"type":"string"}},"required":["type"]},
			{"type":"object","properties":{"type":{"type":"string","enum":["b"]},"y":{"type":"boolean"}}}
		],"discriminator":{"propertyName":"type"}}
	}}}`
	src, err := generate([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`members: map[string]int{"input": `,
		`"model": `,
		`kinds: kInteger | kNull, hasMin: true, min: 1`,
		`kinds: kString | kArray`,
		`variants: map[string]int{"": `,
		`types: []string{"a", "b"}`,
	} {
		if !bytes.Contains(src, []byte(want)) {
			t.Errorf("generate() lacks %q:\n%s", want, src)
		}
	}
}

func TestGenerateNoRoot(t *testing.T) {
	if _, err := generate([]byte(`{"components":{"schemas":{}}}`)); err == nil {
		t.Error("generate() without CreateResponse = nil error")
	}
	if _, err := generate([]byte(`{`)); err == nil {
		t.Error("generate() of bad JSON = nil error")
	}
}
