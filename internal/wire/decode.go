package wire

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"sync"
	"unsafe"

	"github.com/tidwall/gjson"
)

// Unmarshal decodes the JSON data into the value that v points to. Strings are
// copied, so data may be reused afterwards.
func Unmarshal(data []byte, v any) error {
	d := decoder{data: data}
	return d.unmarshal(v)
}

// UnmarshalAlias is like [Unmarshal], but the decoded strings may share memory
// with data: the caller must never modify data afterwards. It saves one
// allocation per string, which matters for large response bodies.
func UnmarshalAlias(data []byte, v any) error {
	d := decoder{data: data, alias: true}
	return d.unmarshal(v)
}

// A Decoder decodes many small documents, such as the events of a stream,
// sharing its buffers among them, so that a document costs less than one
// allocation. It is not safe for concurrent use.
type Decoder struct {
	d     decoder
	last  lastVariant
	arena arena
	typ   reflect.Type // the type of the last value decoded, and its codec
	codec *codec
	slabs slabs
}

// Batch makes the Decoder allocate the structs that unions hold in
// batches of up to n, and copy strings into shared chunks (see
// [Decoder.Unmarshal]), which saves an allocation per document when a stream
// decodes many small values of the same types. A type's batches start at one
// value and double, so that types seen a few times cost nothing more. The
// price: a value kept alive keeps its batch alive, a string its chunk.
//
// n < 2 turns batching off: each value and each string is then allocated on
// its own. It suits a document that arrives alone, for which a batch would
// be mostly waste. The zero Decoder does not batch.
func (dec *Decoder) Batch(n int) {
	dec.slabs.n = n
	dec.arena.chunked = n >= 2
}

// Trim lets go of what the Decoder keeps for its next documents: the
// strings it remembers in order to share them with the next document (but
// the short ones that were allocated on their own: ids, types, statuses), a
// scratch buffer grown for a long escaped string, and its batches and chunk
// of strings, which go to a pool that all the Decoders of the process share:
// the next one to batch continues them. A Decoder that is about to wait for
// its next document, perhaps for long, calls it so as to hold nothing
// meanwhile.
func (dec *Decoder) Trim() {
	dec.arena.trim()
	dec.slabs.trim()
	if cap(dec.d.scratch) > maxScratch {
		dec.d.scratch = nil
	}
}

// maxScratch is the largest scratch buffer that Trim keeps.
const maxScratch = 4 << 10

// slabs hands out new struct values of each type from batches.
type slabs struct {
	n int
	b *batches // nil until a value is batched, and after Trim
}

// batches is what a batching Decoder cuts new values and strings from:
// batches of struct values by type, and a chunk of bytes. A Decoder holds
// one only while it decodes, and then puts it in batchPool, so that the
// unused rest of its batches serves the next documents, of its stream or
// of another, and a waiting Decoder holds none.
type batches struct {
	free  map[reflect.Type]*slab
	last  *slab // the slab used last, which the next value likely shares
	chunk []byte
}

var batchPool = sync.Pool{New: func() any { return &batches{free: map[reflect.Type]*slab{}} }}

// get returns the batches the Decoder holds, taking some from batchPool if
// it holds none.
func (s *slabs) get() *batches {
	if s.b == nil {
		s.b = batchPool.Get().(*batches)
	}
	return s.b
}

func (s *slabs) trim() {
	if s.b != nil {
		batchPool.Put(s.b)
		s.b = nil
	}
}

type slab struct {
	t    reflect.Type
	v    reflect.Value // an array of values
	next int
}

// new returns a pointer to a new zero value of the variant's type.
func (s *slabs) new(vr *variant) reflect.Value {
	t := vr.ptr.Elem()
	if s == nil || s.n < 2 {
		return reflect.New(t)
	}
	bs := s.get()
	if b := bs.last; b != nil && b.t == t && b.next < b.v.Len() {
		b.next++
		return b.v.Index(b.next - 1).Addr()
	}
	b := bs.free[t]
	if b == nil || b.next == b.v.Len() {
		n := 1
		if b == nil {
			b = &slab{t: t}
			bs.free[t] = b
		} else {
			n = min(2*b.v.Len(), s.n)
		}
		// An array, rather than a slice, is one allocation.
		b.v, b.next = reflect.New(reflect.ArrayOf(n, t)).Elem(), 0
	}
	bs.last = b
	b.next++
	return b.v.Index(b.next - 1).Addr()
}

// Unmarshal decodes data into the value that v points to. Strings are copied,
// so data may be reused afterwards, or shared with an equal string of an
// earlier document. A batching Decoder (see [Decoder.Batch]) copies them
// into chunks of up to 16 KiB that it fills document after document; a
// string kept alive keeps its chunk alive.
func (dec *Decoder) Unmarshal(data []byte, v any) error {
	dec.d = decoder{data: data, scratch: dec.d.scratch[:0], arena: &dec.arena, last: &dec.last, slabs: &dec.slabs}
	return dec.unmarshal(v)
}

// UnmarshalAlias is like [UnmarshalAlias]: the decoded strings may share
// memory with data, which the caller must never modify afterwards.
func (dec *Decoder) UnmarshalAlias(data []byte, v any) error {
	dec.d = decoder{data: data, scratch: dec.d.scratch[:0], alias: true, last: &dec.last, slabs: &dec.slabs}
	return dec.unmarshal(v)
}

// unmarshal is decoder.unmarshal with the codec of the last type kept, since
// a Decoder usually decodes values of one type.
func (dec *Decoder) unmarshal(v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return &json.InvalidUnmarshalError{Type: reflect.TypeOf(v)}
	}
	if t := rv.Type(); t != dec.typ {
		dec.typ, dec.codec = t, codecFor(t.Elem())
	}
	return dec.d.finish(rv.Elem(), dec.codec)
}

// UnmarshalVariant is like [Unmarshal] for a struct that is a variant of a
// union and has no field for its discriminator key: the member key is
// dropped instead of being kept as unknown.
func UnmarshalVariant(data []byte, v any, key string) error {
	d := decoder{data: data, skip: []byte(`"` + key + `"`)}
	return d.unmarshal(v)
}

func (d *decoder) unmarshal(v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return &json.InvalidUnmarshalError{Type: reflect.TypeOf(v)}
	}
	return d.finish(rv.Elem(), codecFor(rv.Type().Elem()))
}

// finish decodes the whole input into v.
func (d *decoder) finish(v reflect.Value, c *codec) error {
	if err := d.value(v, c); err != nil {
		return err
	}
	if d.peek(); d.pos < len(d.data) {
		return d.syntax("unexpected data after top-level value")
	}
	return nil
}

// value decodes one value into v; null sets v to its zero value.
func (d *decoder) value(v reflect.Value, c *codec) error {
	if done, err := d.null(v); done {
		return err
	}
	return c.dec(d, v, c)
}

// element decodes an element of an array or object into v. A null is a
// mismatch for a type that would write it back as something else (a string,
// a number, a struct), so that a struct with Meta keeps the whole member raw.
func (d *decoder) element(v reflect.Value, c *codec) error {
	if !c.nullable && d.peek() == 'n' {
		return d.other(v)
	}
	return d.value(v, c)
}

func decBool(d *decoder, v reflect.Value, c *codec) error {
	switch d.data[d.pos] {
	case 't':
		if err := d.literal("true"); err != nil {
			return err
		}
		v.SetBool(true)
	case 'f':
		if err := d.literal("false"); err != nil {
			return err
		}
		v.SetBool(false)
	default:
		return d.other(v)
	}
	return nil
}

// other reports a value of the wrong kind, after checking its syntax.
func (d *decoder) other(v reflect.Value) error {
	start := d.pos
	if err := d.skipValue(); err != nil {
		return err
	}
	d.pos = start
	return d.mismatch(v.Type())
}

func isNumberStart(c byte) bool { return c == '-' || c >= '0' && c <= '9' }

func decInt(d *decoder, v reflect.Value, c *codec) error {
	if !isNumberStart(d.data[d.pos]) {
		return d.other(v)
	}
	start := d.pos
	b, err := d.readNumber()
	if err != nil {
		return err
	}
	n, end, ok := scanInt(b, 0)
	if !ok || end != len(b) {
		n, err = strconv.ParseInt(unsafe.String(unsafe.SliceData(b), len(b)), 10, 64)
	}
	if err != nil {
		s := unsafe.String(unsafe.SliceData(b), len(b))
		// 1.0 and 1e3 are integers too.
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
			d.pos = start
			return d.mismatch(v.Type())
		}
		n = int64(f)
	}
	if v.OverflowInt(n) {
		d.pos = start
		return d.mismatch(v.Type())
	}
	v.SetInt(n)
	return nil
}

func decUint(d *decoder, v reflect.Value, c *codec) error {
	if !isNumberStart(d.data[d.pos]) {
		return d.other(v)
	}
	start := d.pos
	b, err := d.readNumber()
	if err != nil {
		return err
	}
	s := unsafe.String(unsafe.SliceData(b), len(b))
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || v.OverflowUint(n) {
		d.pos = start
		return d.mismatch(v.Type())
	}
	v.SetUint(n)
	return nil
}

func decFloat(d *decoder, v reflect.Value, c *codec) error {
	if !isNumberStart(d.data[d.pos]) {
		return d.other(v)
	}
	start := d.pos
	b, err := d.readNumber()
	if err != nil {
		return err
	}
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), v.Type().Bits())
	if err != nil {
		d.pos = start
		return d.mismatch(v.Type())
	}
	v.SetFloat(f)
	return nil
}

func decString(d *decoder, v reflect.Value, c *codec) error {
	if d.data[d.pos] != '"' {
		return d.other(v)
	}
	b, esc, err := d.readString()
	if err != nil {
		return err
	}
	v.SetString(d.str(b, esc))
	return nil
}

func decPointer(d *decoder, v reflect.Value, c *codec) error {
	if v.IsNil() {
		v.Set(reflect.New(v.Type().Elem()))
	}
	return c.elem.dec(d, v.Elem(), c.elem)
}

type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

var zeroBase [0]uint64

// setEmpty sets the slice at p to an empty, non-nil slice, so that an empty
// array is written back.
func setEmpty(p unsafe.Pointer) {
	*(*sliceHeader)(p) = sliceHeader{data: unsafe.Pointer(&zeroBase)}
}

func decSlice(d *decoder, v reflect.Value, c *codec) error {
	switch d.data[d.pos] {
	case '[':
	case '"':
		if c.form != nil {
			return d.stringForm(v, c.form)
		}
		return d.other(v)
	default:
		return d.other(v)
	}
	if d.depth++; d.depth > maxDepth {
		return d.syntax("exceeded max depth %d", maxDepth)
	}
	defer func() { d.depth-- }()
	d.pos++
	v.SetZero()
	if d.peek() == ']' {
		d.pos++
		setEmpty(unsafe.Pointer(v.UnsafeAddr()))
		return nil
	}
	for n := 0; ; n++ {
		if n == v.Cap() {
			v.Grow(max(4, n))
		}
		v.SetLen(n + 1)
		if err := d.element(v.Index(n), c.elem); err != nil {
			if _, ok := err.(*PathError); ok {
				return under(err, "["+strconv.Itoa(n)+"]")
			}
			return err
		}
		if more, err := d.more(']'); !more {
			return err
		}
	}
}

func (d *decoder) stringForm(v reflect.Value, f *StringForm) error {
	b, esc, err := d.readString()
	if err != nil {
		return err
	}
	elem := f.FromString(d.str(b, esc))
	SetStringForm(elem)
	s := reflect.MakeSlice(v.Type(), 1, 1)
	s.Index(0).Set(reflect.ValueOf(elem))
	v.Set(s)
	return nil
}

func decMap(d *decoder, v reflect.Value, c *codec) error {
	if d.data[d.pos] != '{' {
		return d.other(v)
	}
	if d.depth++; d.depth > maxDepth {
		return d.syntax("exceeded max depth %d", maxDepth)
	}
	defer func() { d.depth-- }()
	t := v.Type()
	v.Set(reflect.MakeMap(t))
	d.pos++
	if d.peek() == '}' {
		d.pos++
		return nil
	}
	key := reflect.New(t.Key()).Elem()
	for {
		if d.peek() != '"' {
			return d.unexpected()
		}
		b, esc, err := d.readString()
		if err != nil {
			return err
		}
		key.SetString(string(b))
		_ = esc
		if err := d.expect(':'); err != nil {
			return err
		}
		elem := reflect.New(t.Elem()).Elem()
		if err := d.element(elem, c.elem); err != nil {
			if _, ok := err.(*PathError); ok {
				return under(err, key.String())
			}
			return err
		}
		v.SetMapIndex(key, elem)
		if more, err := d.more('}'); !more {
			return err
		}
	}
}

func decStruct(d *decoder, v reflect.Value, c *codec) error {
	if d.data[d.pos] != '{' {
		if d.data[d.pos] == '"' && c.form != nil {
			b, esc, err := d.readString()
			if err != nil {
				return err
			}
			p := reflect.ValueOf(c.form.FromString(d.str(b, esc)))
			SetStringForm(p.Interface())
			v.Set(p.Elem())
			return nil
		}
		return d.other(v)
	}
	if d.depth++; d.depth > maxDepth {
		return d.syntax("exceeded max depth %d", maxDepth)
	}
	err := d.object(v, c)
	d.depth--
	return err
}

// object decodes the members of the object at d.pos into the struct v.
func (d *decoder) object(v reflect.Value, c *codec) error {
	var m *Meta
	if c.meta >= 0 {
		m = (*Meta)(unsafe.Pointer(v.Field(c.meta).UnsafeAddr()))
		*m = Meta{present: flagDecoded}
	}
	// The null members of this object are collected in d.nulls, and given
	// to m at the end, in one go.
	outer := d.nulls
	d.nulls = 0
	skip, skipTo := d.skip, d.skipTo
	d.skip, d.skipTo = nil, 0
	next := 0 // members usually come in the same order: look there first
	base := unsafe.Pointer(v.UnsafeAddr())
	d.pos++
	if skipTo > d.pos {
		// The union found the discriminator first: step over it.
		d.pos = skipTo
		if more, err := d.more('}'); !more {
			d.nulls = outer
			return err
		}
	} else if d.peek() == '}' {
		d.pos++
		d.nulls = outer
		return nil
	}
	for {
		// The fast lane: the member is the next field's, written compactly,
		// with a plain value of its kind.
		if f := c.fieldAt(next); f != nil && f.fast != slow && d.fastNext(base, f, m) {
			next++
		} else {
			var err error
			if next, err = d.member(v, c, m, next, skip); err != nil {
				d.nulls = outer
				return err
			}
		}
		// The separator: a comma right there, as a rule.
		if d.pos < len(d.data) && d.data[d.pos] == ',' {
			d.pos++
			continue
		}
		if more, err := d.more('}'); !more {
			if d.nulls != 0 {
				m.setNulls(c, d.nulls)
			}
			d.nulls = outer
			return err
		}
	}
}

// member decodes the member at d.pos into the struct v whose Meta is m,
// whichever it is and however it is written. It returns the index of the
// field to expect next. A member named skip is dropped.
func (d *decoder) member(v reflect.Value, c *codec, m *Meta, next int, skip []byte) (int, error) {
	if d.peek() != '"' {
		return next, d.unexpected()
	}
	keyStart := d.pos
	var (
		key    []byte
		keyEnd int
		i      = next
		known  bool
	)
	// Compare the member with the next field's `"name":` first, which
	// spares reading the key when the members come in their usual order.
	if f := c.fieldAt(next); f != nil && hasKey(d.data, d.pos, f.key) {
		known = true
		d.pos += len(f.key)
		keyEnd = d.pos - 1
	} else {
		var err error
		if key, _, err = d.readString(); err != nil {
			return next, err
		}
		keyEnd = d.pos
		if err := d.expect(':'); err != nil {
			return next, err
		}
		i, known = c.field(key, next)
	}
	switch {
	case !known && skip != nil && string(key) == string(skip[1:len(skip)-1]):
		return next, d.skipValue()
	case !known:
		d.peek()
		valStart := d.pos
		if err := d.skipValue(); err != nil {
			return next, err
		}
		if m != nil {
			m.addRaw(d.data[keyStart:keyEnd], d.data[valStart:d.pos])
		}
		return next, nil
	}
	f := &c.fields[i]
	if f.fast != slow && d.fastMember(unsafe.Pointer(v.UnsafeAddr()), f, m) {
		return i + 1, nil
	}
	if d.err != nil {
		return next, d.err
	}
	return i + 1, d.fieldValue(v.Field(f.index), f, m, keyStart, keyEnd)
}

// scanInt parses the integer of at most 18 digits at data[i:], which cannot
// overflow, and returns it and where it ends. It reports false for anything
// else: no digits, more digits, a leading zero, a fraction or an exponent.
func scanInt(data []byte, i int) (n int64, end int, ok bool) {
	neg := i < len(data) && data[i] == '-'
	if neg {
		i++
	}
	start := i
	for ; i < len(data); i++ {
		c := data[i] - '0'
		if c > 9 {
			break
		}
		n = n*10 + int64(c)
	}
	if digits := i - start; digits == 0 || digits > 18 || digits > 1 && data[start] == '0' {
		return 0, 0, false
	}
	if i < len(data) && (data[i] == '.' || data[i] == 'e' || data[i] == 'E') {
		return 0, 0, false
	}
	if neg {
		n = -n
	}
	return n, i, true
}

// storeInt writes n to the int (fastInt) or int64 field at p. It reports
// false, writing nothing, when an int cannot hold n, which decInt reports.
func storeInt(p unsafe.Pointer, kind fastKind, n int64) bool {
	if kind == fastInt {
		if int64(int(n)) != n {
			return false
		}
		*(*int)(p) = int(n)
		return true
	}
	*(*int64)(p) = n
	return true
}

// hasKey reports whether data[i:] starts with key, comparing eight bytes
// at a time without a call for the usual keys of 8 to 24 bytes.
func hasKey(data []byte, i int, key []byte) bool {
	n := len(key)
	if i+n > len(data) {
		return false
	}
	d := data[i : i+n]
	if n < 8 {
		return string(d) == string(key)
	}
	for j := 0; j < n-8; j += 8 {
		if binary.LittleEndian.Uint64(d[j:]) != binary.LittleEndian.Uint64(key[j:]) {
			return false
		}
	}
	return binary.LittleEndian.Uint64(d[n-8:]) == binary.LittleEndian.Uint64(key[n-8:])
}

// fastNext decodes the member at d.pos if it is field f's, written as
// `"name":` and a value that fastMember takes. Otherwise it reports false
// with d.pos unchanged. It does the commonest cases itself, a call fewer.
func (d *decoder) fastNext(base unsafe.Pointer, f *field, m *Meta) bool {
	data, start := d.data, d.pos
	if !hasKey(data, start, f.key) {
		return false
	}
	p := start + len(f.key)
	switch f.fast {
	case fastString:
		if p >= len(data) || data[p] != '"' {
			return false
		}
		e := plainRun(data, p+1)
		if e >= len(data) || data[e] != '"' {
			return false // escapes, or an error: the general path
		}
		*(*string)(unsafe.Add(base, f.offset)) = d.str(data[p+1:e], false)
		p = e + 1
	case fastInt, fastInt64:
		n, e, ok := scanInt(data, p)
		if !ok || !storeInt(unsafe.Add(base, f.offset), f.fast, n) {
			return false
		}
		p = e
	default:
		d.pos = p
		if !d.fastMember(base, f, m) {
			// The general path sees the same value again, and any error.
			d.pos, d.err = start, nil
			return false
		}
		return true
	}
	d.pos = p
	m.mark(f)
	return true
}

// fastMember decodes the value of a member of a basic type, writing the
// field directly. It reports false, with d.pos unchanged, when the value is
// not of the field's kind (null, or a mismatch), for member to handle; a
// syntax error is left in d.err.
func (d *decoder) fastMember(base unsafe.Pointer, f *field, m *Meta) bool {
	c := d.peek()
	p := unsafe.Add(base, f.offset)
	start := d.pos
	switch f.fast {
	case fastString:
		if c != '"' {
			return false
		}
		b, esc, err := d.readString()
		if err != nil {
			d.err = err
			return false
		}
		*(*string)(p) = d.str(b, esc)
	case fastSlice:
		if c != '[' || d.pos+1 >= len(d.data) || d.data[d.pos+1] != ']' {
			return false
		}
		d.pos += 2
		setEmpty(p)
	case fastInt, fastInt64:
		n, end, ok := scanInt(d.data, d.pos)
		if !ok || !storeInt(p, f.fast, n) {
			return false
		}
		d.pos = end
	case fastBool:
		switch {
		case c == 't' && d.literal("true") == nil:
			*(*bool)(p) = true
		case c == 'f' && d.literal("false") == nil:
			*(*bool)(p) = false
		default:
			d.pos = start
			return false
		}
	case fastFloat64:
		if !isNumberStart(c) {
			return false
		}
		b, err := d.readNumber()
		if err != nil {
			d.err = err
			return false
		}
		x, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), 64)
		if err != nil {
			d.pos = start
			return false
		}
		*(*float64)(p) = x
	default:
		return false
	}
	m.mark(f)
	return true
}

// null consumes a null and sets v to its zero value. It reports whether it
// was done: at a null, or at the end of the input, which is an error.
func (d *decoder) null(v reflect.Value) (bool, error) {
	switch d.peek() {
	case 0:
		return true, d.unexpected()
	case 'n':
		if err := d.literal("null"); err != nil {
			return true, err
		}
		v.SetZero()
		return true, nil
	}
	return false, nil
}

// fieldValue decodes the value of a known member. A value of the wrong JSON kind
// is kept raw in m, so that it is written back unchanged.
func (d *decoder) fieldValue(fv reflect.Value, f *field, m *Meta, keyStart, keyEnd int) error {
	if done, err := d.null(fv); done {
		if err == nil && m != nil {
			// A member given twice counts as its last.
			m.present &^= 1 << f.bit
			d.nulls |= 1 << f.bit
			m.dropKnown(f)
		}
		return err
	}
	valStart := d.pos
	err := f.c.dec(d, fv, f.c)
	if err == nil {
		m.mark(f)
		return nil
	}
	switch err := err.(type) {
	case *PathError:
		return under(err, f.name)
	case *TypeError:
		if f.strict {
			return &PathError{Path: f.name, Err: err}
		}
		if m == nil {
			return err
		}
	default:
		return err
	}
	d.pos = valStart
	if err := d.skipValue(); err != nil {
		return err
	}
	fv.SetZero()
	m.present &^= 1 << f.bit
	d.nulls &^= 1 << f.bit
	m.addRaw(d.data[keyStart:keyEnd], d.data[valStart:d.pos])
	m.extra.known |= 1 << f.bit
	return nil
}

// mark records that the member of field f was present: as its last
// occurrence, when a member is given twice (a null given before is dropped
// from the nulls at the end of the object). m may be nil.
func (m *Meta) mark(f *field) {
	if m == nil {
		return
	}
	m.present |= 1 << f.bit
	if m.extra != nil {
		m.dropKnown(f)
	}
}

// dropKnown removes from the raw members of m those of field f, kept raw
// because they had the wrong kind, when f's member is given again.
func (m *Meta) dropKnown(f *field) {
	if e := m.extra; e != nil && e.known&(1<<f.bit) != 0 {
		e.known &^= 1 << f.bit
		m.dropExtra(f.name)
	}
}

// setNulls records, at the end of decoding an object, the members that were
// null, leaving out those given again with a value. A struct without raw
// members shares its codec's record of the same nulls, which the members of
// a type usually repeat from one document to the next, so that it costs no
// allocation.
func (m *Meta) setNulls(c *codec, nulls uint64) {
	if m == nil {
		return
	}
	if nulls &^= m.present; nulls == 0 {
		return
	}
	if m.extra != nil {
		m.extra.null = nulls
		return
	}
	e := c.nulls.Load()
	if e == nil || e.null != nulls {
		e = &extra{null: nulls}
		c.nulls.Store(e)
	}
	m.extra = e
}

// dropExtra removes the raw members named name from m.
func (m *Meta) dropExtra(name string) {
	d := decoder{data: append(append([]byte{'{'}, m.raw()...), '}')}
	d.pos = 1
	var kept []byte
	for d.peek() == '"' {
		start := d.pos
		key, _, err := d.readString()
		if err != nil || d.expect(':') != nil {
			return
		}
		d.peek()
		if err := d.skipValue(); err != nil {
			return
		}
		if string(key) != name {
			if len(kept) > 0 {
				kept = append(kept, ',')
			}
			kept = append(kept, d.data[start:d.pos]...)
		}
		if d.peek() == ',' {
			d.pos++
		}
	}
	if len(kept) == 0 {
		// During decoding, m.extra holds no nulls yet.
		m.extra = nil
	} else {
		m.extra.raw = kept
	}
}

func (m *Meta) addRaw(key, value []byte) {
	if m.extra == nil {
		m.extra = &extra{}
	}
	raw := m.extra.raw
	if len(raw) > 0 {
		raw = append(raw, ',')
	}
	raw = append(raw, key...)
	raw = append(raw, ':')
	raw = append(raw, value...)
	m.extra.raw = raw
}

func decUnion(d *decoder, v reflect.Value, c *codec) error {
	u := c.union
	switch d.data[d.pos] {
	case '"':
		if u.str == nil {
			return d.other(v)
		}
		b, esc, err := d.readString()
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(u.str(d.str(b, esc))))
		return nil
	case '{':
	default:
		return d.other(v)
	}
	start := d.pos
	var vr *variant
	name, end, found := d.discriminator(u)
	if !found && end < 0 {
		// The discriminator is there, but not a string (nor null).
		if err := d.skipValue(); err != nil {
			return err
		}
		d.pos = start + gjson.GetBytes(d.data[start:], u.key).Index
		return &PathError{Path: u.key, Err: d.mismatch("string").(*TypeError)}
	}
	if found {
		if lv := d.last; lv != nil && lv.c == c && lv.name == name {
			vr = lv.v // a stream repeats the same kind of event
		} else {
			vr = c.variants[name]
			if vr != nil && d.last != nil {
				*d.last = lastVariant{c: c, name: c.names[name], v: vr}
			}
		}
	} else {
		vr = c.missing
	}
	if vr == nil {
		if err := d.skipValue(); err != nil {
			return err
		}
		p := reflect.New(u.unknown.Elem())
		if err := p.Interface().(json.Unmarshaler).UnmarshalJSON(d.data[start:d.pos]); err != nil {
			return err
		}
		v.Set(p)
		return nil
	}
	p := d.slabs.new(vr)
	if vr.implied {
		d.skip, d.skipTo = u.keyJSON, end
	}
	if err := decStruct(d, p.Elem(), vr.c); err != nil {
		return err
	}
	vr.set(v, p)
	return nil
}

// discriminator finds the union's discriminator in the object at d.pos
// without moving d.pos. When it is the object's first member, end is where
// its value ends; otherwise end is 0, or -1 when the member is there with a
// value that is neither a string nor null.
func (d *decoder) discriminator(u *union) (name string, end int, found bool) {
	i := d.pos + 1
	for i < len(d.data) && isSpace(d.data[i]) {
		i++
	}
	if bytes.HasPrefix(d.data[i:], u.keyJSON) {
		i += len(u.keyJSON)
		for i < len(d.data) && isSpace(d.data[i]) {
			i++
		}
		if i < len(d.data) && d.data[i] == ':' {
			i++
			for i < len(d.data) && isSpace(d.data[i]) {
				i++
			}
			if i < len(d.data) && d.data[i] == '"' {
				if j := bytes.IndexByte(d.data[i+1:], '"'); j >= 0 {
					s := d.data[i+1 : i+1+j]
					if bytes.IndexByte(s, '\\') < 0 {
						return unsafe.String(unsafe.SliceData(s), len(s)), i + j + 2, true
					}
				}
			}
		}
	}
	r := gjson.GetBytes(d.data[d.pos:], u.key)
	switch r.Type {
	case gjson.String:
		return r.Str, 0, true
	case gjson.Null:
		return "", 0, false
	}
	if r.Exists() {
		return "", -1, false
	}
	return "", 0, false
}

func decRaw(d *decoder, v reflect.Value, c *codec) error {
	start := d.pos
	if err := d.skipValue(); err != nil {
		return err
	}
	raw := d.data[start:d.pos]
	if !d.alias {
		raw = bytes.Clone(raw)
	}
	v.SetBytes(raw)
	return nil
}

func decExternal(d *decoder, v reflect.Value, c *codec) error {
	start := d.pos
	if err := d.skipValue(); err != nil {
		return err
	}
	raw := d.data[start:d.pos]
	var err error
	if u, ok := v.Addr().Interface().(json.Unmarshaler); ok {
		err = u.UnmarshalJSON(raw)
	} else {
		err = json.Unmarshal(raw, v.Addr().Interface())
	}
	if err != nil {
		// Let the enclosing struct keep the value raw.
		d.pos = start
		return d.mismatch(v.Type())
	}
	return nil
}
