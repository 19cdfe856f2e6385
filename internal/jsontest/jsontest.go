// Package jsontest compares JSON documents the way respkit's round-trip
// promise is stated: equal up to key order and number spelling (1.0 equals
// 1). A member whose value is null is a member like any other: it must come
// back null, not absent.
package jsontest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strings"
)

// Diff returns "" when want and got are equal JSON documents up to key order
// and number spelling, and otherwise a description of the first few
// differences, each with its JSON path. A null member and an absent one
// differ.
func Diff(want, got []byte) string {
	w, err := decode(want)
	if err != nil {
		return fmt.Sprintf("want is not JSON: %v", err)
	}
	g, err := decode(got)
	if err != nil {
		return fmt.Sprintf("got is not JSON: %v", err)
	}
	var diffs []string
	compare("$", w, g, &diffs)
	if len(diffs) > 10 {
		diffs = append(diffs[:10], fmt.Sprintf("… and %d more", len(diffs)-10))
	}
	return strings.Join(diffs, "\n")
}

func decode(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func compare(path string, w, g any, diffs *[]string) {
	switch w := w.(type) {
	case map[string]any:
		gm, ok := g.(map[string]any)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: want object, got %s", path, short(g)))
			return
		}
		keys := make([]string, 0, len(w)+len(gm))
		for k := range w {
			keys = append(keys, k)
		}
		for k := range gm {
			if _, ok := w[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			wv, wok := w[k]
			gv, gok := gm[k]
			p := path + "." + k
			switch {
			case wok && gok:
				compare(p, wv, gv, diffs)
			case wok:
				*diffs = append(*diffs, fmt.Sprintf("%s: missing, want %s", p, short(wv)))
			case gok && !wok:
				*diffs = append(*diffs, fmt.Sprintf("%s: unexpected %s", p, short(gv)))
			}
		}
	case []any:
		ga, ok := g.([]any)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: want array, got %s", path, short(g)))
			return
		}
		if len(w) != len(ga) {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %d elements, got %d", path, len(w), len(ga)))
			return
		}
		for i := range w {
			compare(fmt.Sprintf("%s[%d]", path, i), w[i], ga[i], diffs)
		}
	case json.Number:
		gn, ok := g.(json.Number)
		if !ok || !sameNumber(w, gn) {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %s, got %s", path, w, short(g)))
		}
	default:
		if w != g {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %s, got %s", path, short(w), short(g)))
		}
	}
}

func sameNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, ok1 := new(big.Float).SetPrec(200).SetString(string(a))
	y, ok2 := new(big.Float).SetPrec(200).SetString(string(b))
	if ok1 && ok2 && x.Cmp(y) == 0 {
		return true
	}
	// Floats that round to the same float64 are the same number.
	fa, err1 := a.Float64()
	fb, err2 := b.Float64()
	return err1 == nil && err2 == nil && fa == fb
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}
