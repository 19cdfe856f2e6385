package schema

import (
	"hash/fnv"
	"net"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
)

const maxNameLen = 64

// validName reports whether s matches ^[a-zA-Z0-9_-]{1,64}$, the rule for
// format and tool names.
func validName(s string) bool {
	if s == "" || len(s) > maxNameLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !nameByte(s[i]) {
			return false
		}
	}
	return true
}

func nameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

// sanitizeName turns a Go type name into a valid name: package paths are
// dropped ("Page[github.com/x/y.Item]" becomes "Page_Item"), other bytes
// outside [a-zA-Z0-9_-] become "_", and a name over 64 bytes is cut and
// given a hash of the whole so that different long names stay different.
func sanitizeName(s string) string {
	var b strings.Builder
	seg := func(p string) {
		if i := strings.LastIndexByte(p, '.'); i >= 0 {
			p = p[i+1:]
		}
		for i := 0; i < len(p); i++ {
			if nameByte(p[i]) {
				b.WriteByte(p[i])
			} else {
				b.WriteByte('_')
			}
		}
		b.WriteByte('_')
	}
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[', ']', ',', '*', ' ', '(', ')', '{', '}', ';':
			seg(s[start:i])
			start = i + 1
		}
	}
	seg(s[start:])
	// Collapse runs of '_' and trim them at both ends.
	out := make([]byte, 0, b.Len())
	for _, c := range []byte(b.String()) {
		if c == '_' && (len(out) == 0 || out[len(out)-1] == '_') {
			continue
		}
		out = append(out, c)
	}
	for len(out) > 0 && out[len(out)-1] == '_' {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return "schema"
	}
	if len(out) > maxNameLen {
		h := fnv.New32a()
		h.Write([]byte(s))
		sum := strconv.FormatUint(uint64(h.Sum32()), 16)
		out = append(out[:maxNameLen-1-len(sum)], '_')
		out = append(out, sum...)
	}
	return string(out)
}

// namer gives every Go type that invopop turns into a definition a unique,
// valid definition name. invopop names definitions by t.Name() alone, so two
// types of the same name from different packages would share (and
// overwrite) one definition; generic names contain package paths.
type namer struct {
	byType map[reflect.Type]string
	used   map[string]bool
}

func newNamer() *namer {
	return &namer{byType: map[reflect.Type]string{}, used: map[string]bool{}}
}

func (n *namer) name(t reflect.Type) string {
	if s, ok := n.byType[t]; ok {
		return s
	}
	if t.Name() == "" {
		return ""
	}
	var s string
	if !makesDefinition(t) {
		// Never a definition: a name no definition can have, so that a
		// lookup by this name never finds another type's definition.
		s = "~" + t.PkgPath() + "." + t.Name()
	} else {
		base := sanitizeName(t.Name())
		s = base
		for i := 2; n.used[s]; i++ {
			suffix := "_" + strconv.Itoa(i)
			b := base
			if len(b)+len(suffix) > maxNameLen {
				b = b[:maxNameLen-len(suffix)]
			}
			s = b + suffix
		}
		n.used[s] = true
	}
	n.byType[t] = s
	return s
}

var (
	timeType = reflect.TypeFor[time.Time]()
	urlType  = reflect.TypeFor[url.URL]()
	ipType   = reflect.TypeFor[net.IP]()
)

// makesDefinition mirrors where invopop v0.14.0 calls addDefinition.
func makesDefinition(t reflect.Type) bool {
	if t.Implements(customType) {
		return true
	}
	switch t.Kind() {
	case reflect.Struct:
		return t != timeType && t != urlType
	case reflect.Slice, reflect.Array:
		return t != rawMessageType && t != ipType
	case reflect.Map:
		return true
	}
	return false
}
