// Package jsonobj edits the top-level members of a JSON object without
// decoding it: the client's extra body members and the fake server's
// rewritten WebSocket messages use it.
package jsonobj

import (
	"encoding/json"
	"slices"

	"github.com/tidwall/gjson"
)

// A Member is a top-level member to set: Value is its raw JSON, or nil to
// remove the member.
type Member struct {
	Name  string
	Value []byte
}

// Set returns obj, a valid JSON object, with members set: the members of
// obj with those names are left out, the others kept as they are, and the
// members with a value follow them, in order. obj is not modified.
func Set(obj []byte, members ...Member) []byte {
	out := make([]byte, 0, len(obj)+64*len(members))
	out = append(out, '{')
	gjson.ParseBytes(obj).ForEach(func(k, v gjson.Result) bool {
		if slices.ContainsFunc(members, func(m Member) bool { return m.Name == k.String() }) {
			return true
		}
		out = member(out, k.Raw, v.Raw)
		return true
	})
	for _, m := range members {
		if m.Value == nil {
			continue
		}
		name, _ := json.Marshal(m.Name)
		out = member(out, string(name), string(m.Value))
	}
	return append(out, '}')
}

// member appends "name":value to the object being written in out.
func member(out []byte, name, value string) []byte {
	if len(out) > 1 {
		out = append(out, ',')
	}
	out = append(out, name...)
	out = append(out, ':')
	return append(out, value...)
}
