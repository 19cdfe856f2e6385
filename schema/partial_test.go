package schema

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

type pPerson struct {
	Name string `json:"name"`
	Age  int    `json:"age"`
}

type pFlags struct {
	OK  bool    `json:"ok"`
	V   *string `json:"v"`
	Bs  []bool  `json:"bs"`
	Opt *int    `json:"opt"`
}

type pKind struct {
	Kind  string   `json:"kind" jsonschema:"enum=alpha,enum=alphabet,enum=beta"`
	Kinds []string `json:"kinds" jsonschema:"enum=x,enum=y"`
}

type pItem struct {
	ID int `json:"id"`
}

type pLists struct {
	Tags  []string `json:"tags"`
	Nums  []int    `json:"nums"`
	Items []pItem  `json:"items"`
}

type pNested struct {
	A struct {
		B struct {
			C *pItem `json:"c"`
		} `json:"b"`
	} `json:"a"`
}

type pText struct {
	S string `json:"s"`
}

// step is one Write and what Value must show after it ("nil" for no value).
type step struct {
	in, want string
	err      bool
}

// runSteps writes the steps and checks the value after each one, and that
// changed is true exactly when the value changed.
func runSteps[T any](t *testing.T, steps []step) *Partial[T] {
	t.Helper()
	p := NewPartial[T]()
	prev := snapshot(p.Value())
	for i, s := range steps {
		changed, err := p.Write(s.in)
		if (err != nil) != s.err {
			t.Fatalf("step %d: Write(%q) error = %v, want error %v", i, s.in, err, s.err)
		}
		got := snapshot(p.Value())
		if got != s.want {
			t.Errorf("step %d: after Write(%q) Value = %s, want %s", i, s.in, got, s.want)
		}
		if changed != (got != prev) {
			t.Errorf("step %d: Write(%q) changed = %v, but the value went from %s to %s", i, s.in, changed, prev, got)
		}
		prev = got
	}
	return p
}

func snapshot[T any](v *T) string {
	if v == nil {
		return "nil"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "marshal error: " + err.Error()
	}
	return string(b)
}

// The c.4 semantics, one test per line.
func TestPartialSemantics(t *testing.T) {
	t.Run("1 empty or whitespace is no value yet", func(t *testing.T) {
		p := runSteps[pPerson](t, []step{{"", "nil", false}, {"  \n\t", "nil", false}})
		if _, err := p.Final(); !errors.Is(err, errUnexpectedEnd) {
			t.Errorf("Final() on whitespace = %v, want unexpected end", err)
		}
	})
	t.Run("2 incomplete key or key without value is omitted", func(t *testing.T) {
		runSteps[pPerson](t, []step{
			{"{", `{"name":"","age":0}`, false},
			{`"na`, `{"name":"","age":0}`, false},
			{`me"`, `{"name":"","age":0}`, false},
			{`: `, `{"name":"","age":0}`, false},
			{`"`, `{"name":"","age":0}`, false},
			{`Al`, `{"name":"Al","age":0}`, false},
		})
	})
	t.Run("3 incomplete string shows its text so far", func(t *testing.T) {
		runSteps[pPerson](t, []step{
			{`{"name": "Al`, `{"name":"Al","age":0}`, false},
			{`ice`, `{"name":"Alice","age":0}`, false},
			{`"`, `{"name":"Alice","age":0}`, false},
			{`,`, `{"name":"Alice","age":0}`, false},
		})
	})
	t.Run("3 enum string shows only once complete", func(t *testing.T) {
		runSteps[pKind](t, []step{
			{`{"kind":"al`, `{"kind":"","kinds":null}`, false},
			{`pha`, `{"kind":"","kinds":null}`, false},
			{`bet"`, `{"kind":"alphabet","kinds":null}`, false},
			{`,"kinds":["x","`, `{"kind":"alphabet","kinds":["x"]}`, false},
			{`y`, `{"kind":"alphabet","kinds":["x"]}`, false},
			{`"]}`, `{"kind":"alphabet","kinds":["x","y"]}`, false},
		})
		runSteps[pKind](t, []step{
			{`{"kind":"gamma"`, `{"kind":"","kinds":null}`, true},
		})
	})
	t.Run("4 dangling escape is cut", func(t *testing.T) {
		runSteps[pText](t, []step{
			{`{"s": "line\`, `{"s":"line"}`, false},
			{`n`, `{"s":"line\n"}`, false},
			{`a\u00`, `{"s":"line\na"}`, false},
			{`e9`, `{"s":"line\naé"}`, false},
		})
	})
	t.Run("4 lone high surrogate waits", func(t *testing.T) {
		runSteps[pText](t, []step{
			{`{"s": "x\ud83d`, `{"s":"x"}`, false},
			{`\ude`, `{"s":"x"}`, false},
			{`00`, `{"s":"x😀"}`, false},
			{`\ud83dz`, "{\"s\":\"x😀\uFFFDz\"}", false},
		})
	})
	t.Run("4 split UTF-8 waits", func(t *testing.T) {
		runSteps[pText](t, []step{
			{"{\"s\": \"a\xe2\x82", `{"s":"a"}`, false},
			{"\xac", `{"s":"a€"}`, false},
		})
	})
	t.Run("5 trailing number is omitted until a delimiter", func(t *testing.T) {
		runSteps[pPerson](t, []step{
			{`{"name":"A","age": 3`, `{"name":"A","age":0}`, false},
			{`0`, `{"name":"A","age":0}`, false},
			{`}`, `{"name":"A","age":30}`, false},
		})
		runSteps[pLists](t, []step{
			{`{"nums": [1, 2, 3`, `{"tags":null,"nums":[1,2],"items":null}`, false},
			{` `, `{"tags":null,"nums":[1,2,3],"items":null}`, false},
		})
		runSteps[pPerson](t, []step{{`{"age": -`, `{"name":"","age":0}`, false}, {`1.`, `{"name":"","age":0}`, false}})
	})
	t.Run("5 root number is complete at Final or after whitespace", func(t *testing.T) {
		p := runSteps[float64](t, []step{{`12`, "nil", false}, {`.5`, "nil", false}})
		if v, err := p.Final(); err != nil || v != 12.5 {
			t.Errorf("Final() = %v, %v, want 12.5", v, err)
		}
		runSteps[int](t, []step{{`12`, "nil", false}, {" ", "12", false}})
	})
	t.Run("6 partial literals are completed", func(t *testing.T) {
		runSteps[pFlags](t, []step{
			{`{"ok": t`, `{"ok":true,"v":null,"bs":null,"opt":null}`, false},
			{`rue, "v": nu`, `{"ok":true,"v":null,"bs":null,"opt":null}`, false},
			{`ll, "bs": [f`, `{"ok":true,"v":null,"bs":[false],"opt":null}`, false},
			{`alse, t`, `{"ok":true,"v":null,"bs":[false,true],"opt":null}`, false},
		})
		runSteps[pFlags](t, []step{{`{"ok": tx`, `{"ok":true,"v":null,"bs":null,"opt":null}`, true}})
		runSteps[pPerson](t, []step{{`{"name": n`, `{"name":"","age":0}`, true}})
	})
	t.Run("7 unclosed containers are closed", func(t *testing.T) {
		runSteps[pNested](t, []step{
			{`{"a": {"b": {"c": `, `{"a":{"b":{"c":null}}}`, false},
			{`{`, `{"a":{"b":{"c":{"id":0}}}}`, false},
		})
		runSteps[pLists](t, []step{
			{`{"items": [{"id": 1}, {"id"`, `{"tags":null,"nums":null,"items":[{"id":1},{"id":0}]}`, false},
			{`: 2`, `{"tags":null,"nums":null,"items":[{"id":1},{"id":0}]}`, false},
			{`}`, `{"tags":null,"nums":null,"items":[{"id":1},{"id":2}]}`, false},
		})
		runSteps[pLists](t, []step{
			{`{"tags": [`, `{"tags":[],"nums":null,"items":null}`, false},
			{`"a", "b`, `{"tags":["a","b"],"nums":null,"items":null}`, false},
			{`",`, `{"tags":["a","b"],"nums":null,"items":null}`, false},
		})
	})
	t.Run("8 changed only when the value changed", func(t *testing.T) {
		runSteps[pPerson](t, []step{
			{`{"name":"","age":0`, `{"name":"","age":0}`, false},
			{`}`, `{"name":"","age":0}`, false},
			{` `, `{"name":"","age":0}`, false},
		})
	})
	t.Run("9 trailing garbage keeps the value but fails", func(t *testing.T) {
		p := runSteps[pPerson](t, []step{
			{`{"name":"a","age":1}`, `{"name":"a","age":1}`, false},
			{` extra`, `{"name":"a","age":1}`, true},
		})
		if _, err := p.Final(); err == nil {
			t.Error("Final() after trailing garbage succeeded, want an error")
		}
		if _, err := p.Write("more"); err == nil {
			t.Error("Write after an error succeeded, want the same error")
		}
	})
	t.Run("invalid JSON fails as soon as certain", func(t *testing.T) {
		runSteps[pLists](t, []step{
			{`{"nums":[1,`, `{"tags":null,"nums":[1],"items":null}`, false},
			{`,`, `{"tags":null,"nums":[1],"items":null}`, true},
		})
		runSteps[pPerson](t, []step{{`{"name" x`, `{"name":"","age":0}`, true}})
		runSteps[pPerson](t, []step{{`{"nope":`, `{"name":"","age":0}`, true}})
	})
}

func TestPartialFinal(t *testing.T) {
	p := NewPartial[Invoice]()
	for i := 0; i < len(invoiceJSON); i += 7 {
		if _, err := p.Write(invoiceJSON[i:min(i+7, len(invoiceJSON))]); err != nil {
			t.Fatalf("Write: %v", err)
		}
	}
	got, err := p.Final()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Decode[Invoice]([]byte(invoiceJSON))
	if snapshot(&got) != snapshot(&want) {
		t.Errorf("Final() = %s, want %s", snapshot(&got), snapshot(&want))
	}
	if again, err := p.Final(); err != nil || snapshot(&again) != snapshot(&want) {
		t.Errorf("second Final() = %v, %v", again, err)
	}
	if _, err := p.Write(" "); err == nil {
		t.Error("Write after Final succeeded")
	}
	if p.Text() != invoiceJSON {
		t.Errorf("Text() = %q, want the input", p.Text())
	}

	q := NewPartial[validated]()
	q.Write(`{"items":[{"n":0}],"ptr":null,"total":0}`)
	if _, err := q.Final(); !errors.Is(err, errNotPositive) {
		t.Errorf("Final() with an invalid value = %v, want the Validate error", err)
	}

	r := NewPartial[map[string]int]()
	if _, err := r.Write("{}"); err == nil {
		t.Error("Partial[map] Write succeeded, want a TypeError")
	}
}

// The work per Write does not grow with the document: appending to a long
// string field allocates nothing per delta on average.
func TestPartialLongStringIsLinear(t *testing.T) {
	p := NewPartial[pText]()
	p.Write(`{"s":"`)
	chunk := strings.Repeat("abcdefghij", 5)
	for range 20000 { // 1 MB of string content
		p.Write(chunk)
	}
	allocs := testing.AllocsPerRun(1000, func() { p.Write(chunk) })
	if allocs > 0.5 {
		t.Errorf("Write on a 1 MB string allocates %.2f times per call, want amortised O(1)", allocs)
	}
	if got := len(p.Value().S); got < 1_000_000 {
		t.Errorf("len(Value().S) = %d, want over 1 MB", got)
	}
}

// Strings handed out never change afterwards.
func TestPartialStringsStay(t *testing.T) {
	p := NewPartial[pLists]()
	p.Write(`{"tags":["abc`)
	first := p.Value().Tags[0]
	p.Write(strings.Repeat("x", 5000) + `","def`)
	p.Write(`"]`)
	if first != "abc" {
		t.Errorf("a string handed out changed to %q", first)
	}
}
