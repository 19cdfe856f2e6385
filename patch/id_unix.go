//go:build unix

package patch

import (
	"io/fs"
	"syscall"
)

// fileID identifies a file independently of its name, so that two names of
// one file (hard links, a case-insensitive file system) are seen as one.
type fileID struct{ dev, ino uint64 }

func identify(info fs.FileInfo) (fileID, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}, true //nolint:unconvert // field types vary by platform
}
