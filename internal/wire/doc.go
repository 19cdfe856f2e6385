// Package wire is the JSON codec behind every API type of respkit.
//
// The Responses API is large, changes often and mixes optional fields whose
// zero value means something (false, 0, "") with fields that are simply
// absent. encoding/json cannot tell those apart without pointers everywhere,
// cannot keep members it does not know, and re-scans every nested value that
// has its own UnmarshalJSON. wire is a small reflection codec that:
//
//   - decodes in one pass over the input, with no nested re-scanning;
//   - remembers which members a decoded struct had ([Meta]), so a zero value
//     that was present is written back, an absent one stays absent and a
//     null one is written back as null;
//   - keeps members it does not know, and values of the wrong JSON type,
//     as raw bytes that are written back unchanged, except in the members
//     marked `wire:"strict"`, where a value of the wrong type is a
//     [*PathError] that names the member's JSON path;
//   - decodes sealed interfaces (unions) by a discriminator member such as
//     "type", with a fallback type that keeps the raw JSON of unknown kinds;
//   - encodes by appending into one buffer, so a large request costs about its
//     own size in memory.
//
// A struct takes part by having a field of type [Meta] (any name, usually
// "meta"). Member names come from the `json` tag; the `omitzero` option omits
// a zero value that was not present when the value was decoded; without it
// the member is always written. The tag `wire:"strict"` marks a member that
// the program acts on (a type, an id, a sequence number): a value of the
// wrong JSON type there fails the decoding with a [*PathError], rather than
// reading as the zero value. So does a union's discriminator that is
// neither a string nor null. A null is never a value of the wrong type.
//
// # Nulls
//
// A member decoded as null leaves its field at the zero value and is written
// back as null, whatever the field's type, as long as the field stays zero:
// a value set in Go wins, and the member is then written with that value.
// Setting the field back to its zero value brings the null back, since the
// codec cannot tell that zero from the decoded one; [SetPresent] makes it
// write the zero value instead. A field that was decoded with a value and
// is then zeroed in Go is written with its zero value, since it was present
// (null for a nil pointer, [] for a nil list). [Null] reports a member decoded as null. In a list or a map, a
// null element of a type that has no null of its own (a string, a number, a
// struct) is a value of the wrong kind: the whole member is kept raw.
package wire
