package responsestest

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

//go:generate go run ../../internal/cmd/apirules

// kind is a set of JSON kinds.
type kind uint8

const (
	kString kind = 1 << iota
	kInteger
	kNumber // any number; a rule with kNumber has kInteger too
	kBoolean
	kObject
	kArray
	kNull
	kAny = 1<<iota - 1
)

// A rule is the shape of a JSON value, derived from the OpenAPI spec (see
// rules_gen.go): the union of the schemas the value may match.
type rule struct {
	kinds          kind
	enum           []string // the strings accepted; nil: any
	maxLen         int      // in characters; 0: no limit
	min, max       float64
	hasMin, hasMax bool
	items          int // the rule of an array's items

	// An object's members: the known ones and their rules; with open, the
	// others too, checked against the rule extra. A rule with no members
	// that is open accepts any object.
	members   map[string]int
	open      bool
	extra     int
	maxProps  int
	keyMaxLen int

	// variants, if not nil, are the rules of the objects of a union by the
	// value of their "type" member (in the spec's order in types); the
	// variant "" takes objects with no type, or one of no other variant.
	variants map[string]int
	types    []string
}

// apiError is an error the API answers a request with: an HTTP status and
// the body {"error": {"message", "type", "param", "code"}}, with the type
// "invalid_request_error". An empty code or param is null.
type apiError struct {
	status  int
	code    string
	param   string
	message string
}

// writeAPIError answers with e, and the headers every answer has.
func (s *Server) writeAPIError(w http.ResponseWriter, e *apiError) {
	w.Header().Set("Content-Type", "application/json")
	s.writeBody(w, e.status, Reply{}, errorBody(e))
}

func errorBody(e *apiError) []byte {
	type body struct {
		Message string  `json:"message"`
		Type    string  `json:"type"`
		Param   *string `json:"param"`
		Code    *string `json:"code"`
	}
	b := body{Message: e.message, Type: "invalid_request_error"}
	if e.param != "" {
		b.Param = &e.param
	}
	if e.code != "" {
		b.Code = &e.code
	}
	out, _ := json.Marshal(map[string]body{"error": b})
	return out
}

// validate checks a request body of POST /v1/responses against the rules
// the API applies before it runs a model, and returns the first error, or
// nil. A body that is not a JSON object is left to the JSON decoder.
func validate(body []byte) *apiError {
	if !gjson.ValidBytes(body) {
		return nil
	}
	req := gjson.ParseBytes(body)
	if !req.IsObject() {
		return nil
	}
	if e := check(req, requestRule, ""); e != nil {
		return e
	}
	// The spec marks no member of CreateResponse as required; the API
	// requires a model.
	if m := req.Get("model"); !nonNull(m) || m.Str == "" {
		return &apiError{status: http.StatusBadRequest, code: "missing_required_parameter", param: "model", message: "Missing required parameter: 'model'."}
	}
	// The wording of the three errors below is inferred: no recording holds
	// them.
	if nonNull(req.Get("stream_options")) && req.Get("stream").Type != gjson.True {
		return &apiError{status: http.StatusBadRequest, param: "stream_options", message: "The 'stream_options' parameter is only allowed when 'stream' is enabled."}
	}
	if req.Get("background").Type == gjson.True && req.Get("store").Type == gjson.False {
		return &apiError{status: http.StatusBadRequest, param: "background", message: "Background mode requires 'store' to be true."}
	}
	if nonNull(req.Get("previous_response_id")) && nonNull(req.Get("conversation")) {
		return &apiError{status: http.StatusBadRequest, param: "previous_response_id", message: "Both 'previous_response_id' and 'conversation' were provided. Please provide only one of them."}
	}
	return nil
}

func nonNull(v gjson.Result) bool { return v.Exists() && v.Type != gjson.Null }

// check checks v, found at path, against rule ri.
func check(v gjson.Result, ri int, path string) *apiError {
	r := &rules[ri]
	k := kindOf(v)
	if r.kinds&k == 0 {
		return &apiError{status: http.StatusBadRequest, code: "invalid_type", param: path,
			message: fmt.Sprintf("Invalid type for '%s': expected %s, but got %s instead.", path, expected(r), got(k))}
	}
	switch k {
	case kString:
		if r.enum != nil && !slices.Contains(r.enum, v.Str) {
			return invalidValue(v.Str, r.enum, path)
		}
		if n := utf8.RuneCountInString(v.Str); r.maxLen > 0 && n > r.maxLen {
			return &apiError{status: http.StatusBadRequest, code: "string_above_max_length", param: path,
				message: fmt.Sprintf("Invalid '%s': string too long. Expected a string with maximum length %d, but got a string with length %d instead.", path, r.maxLen, n)}
		}
	case kInteger, kNumber:
		return checkNumber(v, r, path)
	case kArray:
		if r.items == 0 {
			return nil
		}
		var err *apiError
		i := 0
		v.ForEach(func(_, item gjson.Result) bool {
			err = check(item, r.items, path+"["+strconv.Itoa(i)+"]")
			i++
			return err == nil
		})
		return err
	case kObject:
		return checkObject(v, ri, path)
	}
	return nil
}

func checkNumber(v gjson.Result, r *rule, path string) *apiError {
	what, code := "decimal", "decimal"
	if r.kinds&kNumber == 0 {
		what, code = "integer", "integer"
	}
	switch {
	case r.hasMin && v.Num < r.min:
		return &apiError{status: http.StatusBadRequest, code: code + "_below_min_value", param: path,
			message: fmt.Sprintf("Invalid '%s': %s below minimum value. Expected a value >= %s, but got %s instead.", path, what, num(r.min), v.Raw)}
	case r.hasMax && v.Num > r.max:
		return &apiError{status: http.StatusBadRequest, code: code + "_above_max_value", param: path,
			message: fmt.Sprintf("Invalid '%s': %s above maximum value. Expected a value <= %s, but got %s instead.", path, what, num(r.max), v.Raw)}
	}
	return nil
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func checkObject(v gjson.Result, ri int, path string) *apiError {
	r := &rules[ri]
	if r.variants != nil {
		vi, err := variant(v, r, path)
		if err != nil {
			return err
		}
		return checkObject(v, vi, path)
	}
	if r.members == nil && r.open && r.extra == 0 && r.maxProps == 0 {
		return nil // any object
	}
	var err *apiError
	n := 0
	v.ForEach(func(key, val gjson.Result) bool {
		n++
		name := key.Str
		p := join(path, name)
		if r.keyMaxLen > 0 && utf8.RuneCountInString(name) > r.keyMaxLen {
			// Inferred wording: the API's own is not recorded.
			err = &apiError{status: http.StatusBadRequest, code: "string_above_max_length", param: p,
				message: fmt.Sprintf("Invalid '%s': key too long. Expected a key with maximum length %d, but got a key with length %d instead.", p, r.keyMaxLen, utf8.RuneCountInString(name))}
			return false
		}
		if val.Type == gjson.Null {
			// The API takes null for an optional member as its absence,
			// though the spec marks only some nullable.
			if _, ok := r.members[name]; ok || r.open {
				return true
			}
		}
		if mi, ok := r.members[name]; ok {
			err = check(val, mi, p)
		} else if r.open {
			err = check(val, r.extra, p)
		} else {
			err = &apiError{status: http.StatusBadRequest, code: "unknown_parameter", param: p, message: fmt.Sprintf("Unknown parameter: '%s'.", p)}
		}
		return err == nil
	})
	if err == nil && r.maxProps > 0 && n > r.maxProps {
		err = &apiError{status: http.StatusBadRequest, code: "object_above_max_properties", param: path,
			message: fmt.Sprintf("Invalid '%s': too many properties. Expected an object with at most %d properties, but got an object with %d properties instead.", path, r.maxProps, n)}
	}
	return err
}

// variant returns the rule of the variant of union r that object v is.
func variant(v gjson.Result, r *rule, path string) (int, *apiError) {
	t := v.Get("type")
	fallback, hasFallback := r.variants[""]
	switch {
	case !t.Exists() || t.Type == gjson.Null:
		if hasFallback {
			return fallback, nil
		}
		p := join(path, "type")
		return 0, &apiError{status: http.StatusBadRequest, code: "missing_required_parameter", param: p, message: fmt.Sprintf("Missing required parameter: '%s'.", p)}
	case t.Type != gjson.String:
		p := join(path, "type")
		return 0, &apiError{status: http.StatusBadRequest, code: "invalid_type", param: p,
			message: fmt.Sprintf("Invalid type for '%s': expected a string, but got %s instead.", p, got(kindOf(t)))}
	}
	if vi, ok := r.variants[t.Str]; ok {
		return vi, nil
	}
	if ti, ok := rules[fallback].members["type"]; hasFallback && ok && rules[ti].enum == nil {
		return fallback, nil // a variant whose type is any string
	}
	return 0, invalidValue(t.Str, r.types, join(path, "type"))
}

func invalidValue(got string, supported []string, path string) *apiError {
	q := make([]string, len(supported))
	for i, s := range supported {
		q[i] = "'" + s + "'"
	}
	list := strings.Join(q, ", ")
	switch len(q) {
	case 0:
		list = "none"
	case 1:
	case 2:
		list = q[0] + " and " + q[1]
	default:
		list = strings.Join(q[:len(q)-1], ", ") + ", and " + q[len(q)-1]
	}
	return &apiError{status: http.StatusBadRequest, code: "invalid_value", param: path,
		message: fmt.Sprintf("Invalid value: '%s'. Supported values are: %s.", got, list)}
}

// join returns the path of member name of the value at path.
func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func kindOf(v gjson.Result) kind {
	switch v.Type {
	case gjson.String:
		return kString
	case gjson.True, gjson.False:
		return kBoolean
	case gjson.Null:
		return kNull
	case gjson.Number:
		if v.Num == math.Trunc(v.Num) && !math.IsInf(v.Num, 0) {
			return kInteger
		}
		return kNumber
	}
	if v.IsArray() {
		return kArray
	}
	return kObject
}

// expected describes the kinds of r as the API's messages do: "a string",
// "one of a string or array of objects".
func expected(r *rule) string {
	var names []string
	add := func(k kind, name string) {
		if r.kinds&k != 0 {
			names = append(names, name)
		}
	}
	add(kString, "string")
	if r.kinds&kNumber != 0 {
		add(kNumber, "number")
	} else {
		add(kInteger, "integer")
	}
	add(kBoolean, "boolean")
	add(kObject, "object")
	if r.kinds&kArray != 0 {
		if r.items != 0 && rules[r.items].kinds&^kNull == kObject {
			names = append(names, "array of objects")
		} else {
			names = append(names, "array")
		}
	}
	switch len(names) {
	case 0:
		return "null"
	case 1:
		return article(names[0]) + " " + names[0]
	}
	return "one of " + article(names[0]) + " " + strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func got(k kind) string {
	switch k {
	case kString:
		return "a string"
	case kInteger:
		return "an integer"
	case kNumber:
		return "a decimal"
	case kBoolean:
		return "a boolean"
	case kNull:
		return "null"
	case kArray:
		return "an array"
	}
	return "an object"
}

func article(word string) string {
	if strings.IndexByte("aeiou", word[0]) >= 0 {
		return "an"
	}
	return "a"
}
