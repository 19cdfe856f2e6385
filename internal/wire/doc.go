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
//     that was present is written back and an absent one stays absent;
//   - keeps members it does not know, and values of the wrong JSON type,
//     as raw bytes that are written back unchanged;
//   - decodes sealed interfaces (unions) by a discriminator member such as
//     "type", with a fallback type that keeps the raw JSON of unknown kinds;
//   - encodes by appending into one buffer, so a large request costs about its
//     own size in memory.
//
// A struct takes part by having a field of type [Meta] (any name, usually
// "meta"). Member names come from the `json` tag; the `omitzero` option omits
// a zero value that was not present when the value was decoded; without it
// the member is always written.
package wire
