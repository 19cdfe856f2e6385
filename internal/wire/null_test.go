package wire

import (
	"testing"
)

// TestNullThenSet checks what a caller's change to a member decoded as null
// does: a value set in Go wins over the null; SetPresent writes the zero
// value instead; the null is kept while the field stays zero.
func TestNullThenSet(t *testing.T) {
	const in = `{"n":null,"s":null,"p":null,"child":null,"req":null}`
	tests := []struct {
		name string
		edit func(d *doc)
		want string
	}{
		{"unchanged", func(d *doc) {}, `{"n":null,"s":null,"p":null,"req":null,"child":null}`},
		{"set wins", func(d *doc) {
			d.N, d.S, d.P, d.Child, d.Req = 1, "x", new(2), &doc{}, "r"
		}, `{"n":1,"s":"x","p":2,"req":"r","child":{"req":""}}`},
		{"set to zero stays null", func(d *doc) { d.S = "" }, `{"n":null,"s":null,"p":null,"req":null,"child":null}`},
		{"SetPresent writes the zero value", func(d *doc) { SetPresent(d, "n", "s", "req") }, `{"n":0,"s":"","p":null,"req":"","child":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			if err := Unmarshal([]byte(in), &d); err != nil {
				t.Fatal(err)
			}
			tt.edit(&d)
			got, err := Marshal(&d)
			if err != nil || string(got) != tt.want {
				t.Errorf("Marshal = %s, %v; want %s", got, err, tt.want)
			}
		})
	}
}

// TestNullReported checks Null and Present for members decoded as null.
func TestNullReported(t *testing.T) {
	var d doc
	if err := Unmarshal([]byte(`{"s":null,"n":1,"req":""}`), &d); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name          string
		null, present bool
	}{
		{"s", true, false},
		{"n", false, true},
		{"req", false, true},
		{"p", false, false},
		{"nope", false, false},
	} {
		if got := Null(&d, tt.name); got != tt.null {
			t.Errorf("Null(%q) = %v, want %v", tt.name, got, tt.null)
		}
		if got := Present(&d, tt.name); got != tt.present {
			t.Errorf("Present(%q) = %v, want %v", tt.name, got, tt.present)
		}
	}
}

// TestNullCopy checks that SetPresent on a copy of a decoded value leaves
// the original's nulls alone.
func TestNullCopy(t *testing.T) {
	var d doc
	if err := Unmarshal([]byte(`{"s":null,"zz":1,"req":""}`), &d); err != nil {
		t.Fatal(err)
	}
	cp := d
	SetPresent(&cp, "s")
	got, _ := Marshal(&d)
	if want := `{"s":null,"req":"","zz":1}`; string(got) != want {
		t.Errorf("original after SetPresent on a copy = %s, want %s", got, want)
	}
	got, _ = Marshal(&cp)
	if want := `{"s":"","req":"","zz":1}`; string(got) != want {
		t.Errorf("copy after SetPresent = %s, want %s", got, want)
	}
}
