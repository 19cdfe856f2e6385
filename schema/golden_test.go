package schema

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/invopop/jsonschema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Types for the golden schemas.

type Line struct {
	Product string  `json:"product" jsonschema_description:"Product name as printed"`
	Qty     int     `json:"qty" jsonschema:"minimum=1,maximum=1000"`
	Price   float64 `json:"price" jsonschema:"exclusiveMinimum=0"`
}

type Address struct {
	Street  string `json:"street"`
	City    string `json:"city"`
	Country string `json:"country" jsonschema:"pattern=^[A-Z]{2}$" jsonschema_description:"ISO 3166 code"`
}

type Invoice struct {
	Number   string    `json:"number" jsonschema:"description=Invoice number"`
	Issued   time.Time `json:"issued"`
	Currency string    `json:"currency" jsonschema:"enum=EUR,enum=USD,enum=GBP"`
	Lines    []Line    `json:"lines" jsonschema:"minItems=1"`
	Billing  Address   `json:"billing" jsonschema_description:"Where the bill goes"`
	Shipping *Address  `json:"shipping" jsonschema_description:"Where the goods go, if elsewhere"`
	Note     string    `json:"note,omitempty"`
	Paid     bool      `json:"paid,omitzero"`
	Internal string    `json:"-"`
	hidden   int
}

type Base struct {
	ID      string `json:"id"`
	Created string `json:"created" jsonschema:"format=date"`
}

type Timestamps struct {
	Updated string `json:"updated"`
}

type Embedded struct {
	Base
	*Timestamps
	Title string `json:"title"`
}

type Tree struct {
	Label    string `json:"label"`
	Children []Tree `json:"children"`
	Parent   *Tree  `json:"parent" jsonschema_description:"The parent node, null at the root"`
}

type Person struct {
	Name     string   `json:"name"`
	Employer *Company `json:"employer"`
}

type Company struct {
	Name  string   `json:"name"`
	Staff []Person `json:"staff"`
}

type Item struct {
	SKU string `json:"sku"`
}

type Page[T any] struct {
	Items []T   `json:"items"`
	Next  *int  `json:"next"`
	Total int64 `json:"total"`
}

type Status string

type Scalars struct {
	S   string      `json:"s"`
	B   bool        `json:"b"`
	I   int         `json:"i"`
	I8  int8        `json:"i8"`
	U   uint16      `json:"u"`
	F32 float32     `json:"f32"`
	F   float64     `json:"f"`
	N   json.Number `json:"n"`
	Bin []byte      `json:"bin"`
	Arr [3]int      `json:"arr"`
	St  Status      `json:"status" jsonschema:"enum=open,enum=closed"`
	Ptr **string    `json:"ptr"`
	Tag []string    `json:"tags" jsonschema:"uniqueItems=true,maxItems=5"`
	URL string      `json:"url" jsonschema:"format=uri,minLength=5"`
	Def string      `json:"def" jsonschema:"default=x,example=abc"`
}

type Anonymous struct {
	Meta struct {
		Source string `json:"source"`
		Score  int    `json:"score"`
	} `json:"meta"`
	Pairs []struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"pairs"`
}

// Color describes its own schema.
type Color struct{ hex string }

func (Color) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Pattern: "^#[0-9a-f]{6}$", Description: "A hex color"}
}

func (c *Color) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &c.hex) }

type Palette struct {
	Primary Color   `json:"primary"`
	Others  []Color `json:"others"`
}

type Tags []string

type NamedSlices struct {
	Tags  Tags     `json:"tags"`
	Empty struct{} `json:"empty"`
}

type Nullable struct {
	A string `json:"a" jsonschema:"nullable"`
	B *int   `json:"b,omitempty"`
}

type Big struct {
	Ignored chan int `json:"-"`
	Fn      func()   `json:"-"`
	Kept    string   `json:"kept"`
	Skipped string   `jsonschema:"-"`
}

func goldenSchemas(t *testing.T) map[string]func() (*Schema, error) {
	// A type declared in a function has the same reflect Name as the
	// package-level one; the two must get different definitions.
	type Item struct {
		Other bool `json:"other"`
	}
	type Both struct {
		A []Item     `json:"a"`
		B []mainItem `json:"b"`
	}
	_ = t
	return map[string]func() (*Schema, error){
		"invoice":    func() (*Schema, error) { return For[Invoice]() },
		"embedded":   func() (*Schema, error) { return For[Embedded]() },
		"tree":       func() (*Schema, error) { return For[Tree]() },
		"mutual":     func() (*Schema, error) { return For[Person]() },
		"generic":    func() (*Schema, error) { return For[Page[Item]]() },
		"scalars":    func() (*Schema, error) { return For[Scalars]() },
		"anonymous":  func() (*Schema, error) { return For[Anonymous]() },
		"custom":     func() (*Schema, error) { return For[Palette]() },
		"named":      func() (*Schema, error) { return For[NamedSlices]() },
		"nullable":   func() (*Schema, error) { return For[Nullable]() },
		"skipped":    func() (*Schema, error) { return For[Big]() },
		"collision":  func() (*Schema, error) { return For[Both]() },
		"pointer":    func() (*Schema, error) { return For[*Line]() },
		"unnamed":    func() (*Schema, error) { return For[struct{ X int }]() },
		"with_names": func() (*Schema, error) { return For[Line](WithName("line_item"), WithDescription("One line")) },
	}
}

type mainItem = Item

func TestGolden(t *testing.T) {
	for name, f := range goldenSchemas(t) {
		t.Run(name, func(t *testing.T) {
			s, err := f()
			if err != nil {
				t.Fatalf("For: %v", err)
			}
			raw, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range checkStrict(raw) {
				t.Errorf("strict rule broken: %s", p)
			}
			if !validName(s.Name) {
				t.Errorf("name %q is not valid", s.Name)
			}
			var doc bytes.Buffer
			doc.WriteString(`{"name":`)
			q, _ := json.Marshal(s.Name)
			doc.Write(q)
			doc.WriteString(`,"description":`)
			q, _ = json.Marshal(s.Description)
			doc.Write(q)
			doc.WriteString(`,"schema":`)
			doc.Write(raw)
			doc.WriteString("}")
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, doc.Bytes(), "", "  "); err != nil {
				t.Fatal(err)
			}
			pretty.WriteByte('\n')
			file := filepath.Join("testdata", "schema_"+name+".json")
			if *update {
				if err := os.WriteFile(file, pretty.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(pretty.Bytes(), want) {
				t.Errorf("For schema %s differs from %s (run go test -update and review):\n%s", name, file, pretty.Bytes())
			}

			// Idempotence: strictifying the output changes nothing.
			again, err := FromJSON(s.Name, raw)
			if err != nil {
				t.Fatalf("FromJSON(For output): %v", err)
			}
			if got, _ := json.Marshal(again); !bytes.Equal(got, raw) {
				t.Errorf("FromJSON(For output) = %s, want %s", got, raw)
			}
		})
	}
}

func TestForTypeErrors(t *testing.T) {
	type Meta struct {
		M map[string]string `json:"m"`
	}
	type Line struct {
		Meta Meta `json:"meta"`
	}
	type Invoice struct {
		Lines []Line `json:"lines"`
	}
	type WithAny struct {
		V any `json:"v"`
	}
	type WithRaw struct {
		R json.RawMessage `json:"r"`
	}
	type WithChan struct {
		C chan int `json:"c"`
	}
	type WithFunc struct {
		F func() `json:"f"`
	}
	type WithComplex struct {
		C complex128 `json:"c"`
	}
	type WithString struct {
		N int `json:"n,string"`
	}
	type Inner struct {
		X string `json:"x"`
	}
	type Dup struct {
		Inner
		X string `json:"x"`
	}
	type Inline struct {
		Inner Inner `json:"inner,inline"`
	}
	tests := []struct {
		name string
		f    func() (*Schema, error)
		path string
	}{
		{"map deep", func() (*Schema, error) { return For[Invoice]() }, "Invoice.Lines[].Meta.M"},
		{"any", func() (*Schema, error) { return For[WithAny]() }, "WithAny.V"},
		{"raw message", func() (*Schema, error) { return For[WithRaw]() }, "WithRaw.R"},
		{"chan", func() (*Schema, error) { return For[WithChan]() }, "WithChan.C"},
		{"func", func() (*Schema, error) { return For[WithFunc]() }, "WithFunc.F"},
		{"complex", func() (*Schema, error) { return For[WithComplex]() }, "WithComplex.C"},
		{"string option", func() (*Schema, error) { return For[WithString]() }, "WithString.N"},
		{"duplicate name", func() (*Schema, error) { return For[Dup]() }, "Dup"},
		{"inline option", func() (*Schema, error) { return For[Inline]() }, "Inline.Inner"},
		{"root map", func() (*Schema, error) { return For[map[string]int]() }, "map[string]int"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.f()
			te, ok := err.(*TypeError)
			if !ok {
				t.Fatalf("For() error = %v (%T), want *TypeError", err, err)
			}
			if te.Path != tt.path {
				t.Errorf("For() error path = %q, want %q (%v)", te.Path, tt.path, err)
			}
		})
	}
}

func TestForRootNotObject(t *testing.T) {
	for _, f := range []func() (*Schema, error){
		func() (*Schema, error) { return For[[]Line]() },
		func() (*Schema, error) { return For[string]() },
		func() (*Schema, error) { return For[int]() },
	} {
		_, err := f()
		if _, ok := err.(*SchemaError); !ok {
			t.Errorf("For(non-object) error = %v, want *SchemaError", err)
		}
	}
}

func TestSanitizeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Invoice", "Invoice"},
		{"Page[github.com/x/y.Item]", "Page_Item"},
		{"Pair[int,github.com/a/b.V]", "Pair_int_V"},
		{"Page[map[string]*github.com/x/y.Item]", "Page_map_string_Item"},
		{"a b", "a_b"},
		{"", "schema"},
		{"[]", "schema"},
		{"é", "schema"},
	}
	for _, tt := range tests {
		if got := sanitizeName(tt.in); got != tt.want {
			t.Errorf("sanitizeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	long := "Type" + string(bytes.Repeat([]byte("x"), 100))
	got := sanitizeName(long)
	if !validName(got) || len(got) != 64 {
		t.Errorf("sanitizeName(long) = %q (%d bytes), want a valid 64-byte name", got, len(got))
	}
	if got == sanitizeName(long+"y") {
		t.Errorf("sanitizeName gives two long names the same result %q", got)
	}
}

func TestForNames(t *testing.T) {
	s, err := For[Page[Item]]()
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "Page_Item" {
		t.Errorf("For[Page[Item]]().Name = %q, want %q", s.Name, "Page_Item")
	}
	if _, err := For[Line](WithName("bad name")); err == nil {
		t.Error("For(WithName(\"bad name\")) succeeded, want an error")
	}
	s, err = For[Line](WithName("x"), WithDescription("d"))
	if err != nil || s.Name != "x" || s.Description != "d" || !s.Strict {
		t.Errorf("For(WithName, WithDescription) = %+v, %v", s, err)
	}
}

func TestForCachedAndConcurrent(t *testing.T) {
	first, err := For[Invoice]()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	for range 8 {
		go func() {
			s, err := For[Invoice]()
			if err != nil {
				done <- err.Error()
				return
			}
			done <- s.String()
		}()
	}
	for range 8 {
		if got := <-done; got != first.String() {
			t.Errorf("concurrent For = %s, want %s", got, first)
		}
	}
	// The caller may change the returned fields without touching the cache.
	first.Name = "changed"
	if s, _ := For[Invoice](); s.Name != "Invoice" {
		t.Errorf("For after changing a result: Name = %q, want Invoice", s.Name)
	}
	_ = reflect.TypeFor[Invoice]()
}
