package schema

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// maxMessage bounds the errors of the tests below: each part of a message
// (name, path, field, reason) is elided to maxPath.
const maxMessage = 4 * maxPath

// deepSchema returns a schema nested levels deep, each property name of
// the given length.
func deepSchema(levels, nameLen int) string {
	var b strings.Builder
	for i := range levels {
		b.WriteString(`{"type":"object","properties":{"`)
		b.WriteString(strings.Repeat(string(rune('a'+i%26)), nameLen))
		b.WriteString(`":`)
	}
	b.WriteString(`{"type":"string"}`)
	for range levels {
		b.WriteString(`}}`)
	}
	return b.String()
}

// deepNode is a recursive type, for decoding errors deep in a document. It
// is declared at package level: a type declared in a function would shift
// the numbering of the function-local types that TestGolden's names depend
// on.
type deepNode struct {
	Kids []deepNode `json:"kids"`
	N    int        `json:"n"`
}

func TestErrorsBounded(t *testing.T) {
	longKey := strings.Repeat("k", 10_000)
	_, depthErr := FromJSON("deep", []byte(deepSchema(MaxDepth+2, 1_800)))
	_, keyErr := Decode[struct{ A string }]([]byte(`{"` + longKey + `":1}`))
	deepDoc := strings.Repeat(`{"n":0,"kids":[`, 2_000) + `{"n":"x","kids":[]}` + strings.Repeat(`]}`, 2_000)
	_, pathErr := Decode[deepNode]([]byte(deepDoc))
	_, refErr := FromJSON("ref", []byte(`{"type":"object","properties":{"a":{"$ref":"#/$defs/`+longKey+`"}}}`))

	for _, tt := range []struct {
		name string
		err  error
	}{
		{"depth limit", depthErr},
		{"unknown field", keyErr},
		{"deep decode path", pathErr},
		{"unresolved $ref", refErr},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				t.Fatal("no error")
			}
			msg := tt.err.Error()
			if len(msg) > maxMessage || !utf8.ValidString(msg) {
				t.Errorf("message is %d bytes (at most %d): %.200q…", len(msg), maxMessage, msg)
			}
			if !strings.Contains(msg, "…") {
				t.Errorf("message elides nothing: %.200q…", msg)
			}
		})
	}

	// The error values keep what the messages elide.
	var se *SchemaError
	if !errors.As(depthErr, &se) || len(se.Path) < 10*1_800 || !errors.Is(depthErr, ErrLimit) {
		t.Errorf("depth error %#v: want the whole path and ErrLimit", depthErr)
	}
	var de *DecodeError
	if !errors.As(pathErr, &de) || len(de.Path) < 2_000*len(".kids[0]") {
		t.Errorf("decode error path is %d bytes, want the whole path", len(de.Path))
	}
}
