// Package benchdoc is the ~100 KB JSON document that the structured-output
// benchmarks decode, whole and streamed, in package schema and in package
// responses, so that their figures compare.
package benchdoc

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// Item is one of the document's many small objects.
type Item struct {
	ID    int      `json:"id"`
	Name  string   `json:"name"`
	Price float64  `json:"price"`
	Tags  []string `json:"tags"`
	Done  bool     `json:"done"`
	Note  *string  `json:"note"`
}

// Doc is the document: a long string field and many small objects, as a
// model would stream them.
type Doc struct {
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Items   []Item `json:"items"`
}

// Text returns the document's JSON, about 100 KB.
var Text = sync.OnceValue(func() string {
	note := "checked"
	d := Doc{Title: "Quarterly report", Summary: strings.Repeat("The quick brown fox jumps over the lazy dog. \"Quoted\" é ", 500)}
	for i := range 700 {
		it := Item{ID: i, Name: fmt.Sprintf("item number %d", i), Price: float64(i) * 1.25, Tags: []string{"alpha", "beta"}, Done: i%2 == 0}
		if i%3 == 0 {
			it.Note = &note
		}
		d.Items = append(d.Items, it)
	}
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return string(b)
})
