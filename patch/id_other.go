//go:build !unix

package patch

import "io/fs"

// fileID identifies a file independently of its name. On this platform the
// package relies on names only.
type fileID struct{}

func identify(fs.FileInfo) (fileID, bool) { return fileID{}, false }
