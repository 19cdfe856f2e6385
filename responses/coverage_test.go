package responses

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/respkit/respkit/internal/wire"
	"github.com/tidwall/gjson"
)

// unmodeled walks a decoded value and returns, sorted, the places where it
// kept JSON that the Go types do not model: members a struct does not know
// ("FunctionCall.caller") and values of unknown kinds ("Item:new_kind").
func unmodeled(v any) []string {
	seen := map[string]bool{}
	walkModel(reflect.ValueOf(v), seen)
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func walkModel(v reflect.Value, seen map[string]bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return
		}
		if u, ok := v.Interface().(*Unknown); ok {
			seen[fmt.Sprintf("unknown %s", u.Type)] = true
			return
		}
		if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
			if extra := wire.ExtraOf(v.Interface()); len(extra) > 0 {
				gjson.ParseBytes(append(append([]byte("{"), extra...), '}')).ForEach(func(k, _ gjson.Result) bool {
					seen[v.Elem().Type().Name()+"."+k.String()] = true
					return true
				})
			}
		}
		walkModel(v.Elem(), seen)
	case reflect.Struct:
		if v.CanAddr() {
			if extra := wire.ExtraOf(v.Addr().Interface()); len(extra) > 0 && !strings.HasPrefix(v.Type().Name(), "Unknown") {
				// Reported by the pointer case for pointers; here for values.
				gjson.ParseBytes(append(append([]byte("{"), extra...), '}')).ForEach(func(k, _ gjson.Result) bool {
					seen[v.Type().Name()+"."+k.String()] = true
					return true
				})
			}
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walkModel(v.Field(i), seen)
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := range v.Len() {
			walkModel(v.Index(i), seen)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			walkModel(e, seen)
		}
	}
}

// variantMap returns a union's variants by discriminator value.
func variantMap(vs []wire.Variant) map[string]any {
	m := make(map[string]any, len(vs))
	for _, v := range vs {
		m[v.Name] = v.Type
	}
	return m
}
