package patch

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// The limits on a path written in a patch, and on the path its symbolic
// links lead to, above which it is refused with an error of class
// [ClassInvalidPath]. They are far above what a project
// needs, and keep small the work that a hostile path can cause: applying
// costs time linear in a path's depth.
const (
	// MaxPathLength is the most bytes a path may have.
	MaxPathLength = 4096
	// MaxPathDepth is the most components (folders and the file) a path
	// may have, not counting "." components.
	MaxPathDepth = 256
)

// cleanPath checks a path written in a patch and returns it cleaned, with
// forward slashes. The path must name a file strictly inside the root: it
// may not be longer than MaxPathLength or deeper than MaxPathDepth, be empty, absolute, start with "~", contain a NUL byte, another
// control character or a backslash, end with "/", or climb out of the root
// with "..".
func cleanPath(p string) (string, *Error) {
	bad := func(class, format string, args ...any) (string, *Error) {
		return "", errorf(class, p, 0, format, args...)
	}
	switch {
	case p == "":
		return bad(ClassInvalidPath, "empty path")
	case len(p) > MaxPathLength:
		return bad(ClassInvalidPath, "path is %d bytes long; paths may have at most %d", len(p), MaxPathLength)
	case strings.IndexByte(p, 0) >= 0:
		return bad(ClassInvalidPath, "path contains a NUL byte")
	case strings.IndexFunc(p, isControl) >= 0:
		return bad(ClassInvalidPath, "path contains a control character")
	case strings.HasPrefix(p, "/") || filepath.IsAbs(p) || hasVolume(p):
		return bad(ClassPathEscape, "absolute path; paths must be relative to the root folder")
	case p == "~" || strings.HasPrefix(p, "~/"):
		return bad(ClassPathEscape, "path starts with '~'; paths must be relative to the root folder")
	case strings.IndexByte(p, '\\') >= 0:
		return bad(ClassInvalidPath, "path contains a backslash; separate directories with '/'")
	case strings.HasSuffix(p, "/"):
		return bad(ClassInvalidPath, "path ends with '/'; it must name a file")
	}
	clean := path.Clean(p)
	switch {
	case clean == "..", strings.HasPrefix(clean, "../"):
		return bad(ClassPathEscape, "path leads outside the root folder")
	case clean == ".":
		return bad(ClassInvalidPath, "path names the root folder itself, not a file")
	case !filepath.IsLocal(filepath.FromSlash(clean)):
		return bad(ClassInvalidPath, "path is not a valid local file name on this system")
	case strings.Count(clean, "/") >= MaxPathDepth:
		return bad(ClassInvalidPath, "path has %d components; paths may have at most %d", strings.Count(clean, "/")+1, MaxPathDepth)
	}
	return clean, nil
}

// isControl reports an ASCII control character, which has no place in a file
// name a model writes and would break diffs and logs.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// hasVolume reports a Windows drive ("C:") or UNC ("//host") prefix, which
// make a path absolute on Windows whatever the host system.
func hasVolume(p string) bool {
	if len(p) >= 2 && p[1] == ':' && ('a' <= p[0]|0x20 && p[0]|0x20 <= 'z') {
		return true
	}
	return strings.HasPrefix(p, "//")
}

// maxLinks bounds the symbolic links followed while resolving one path.
const maxLinks = 40

// linkedLimits checks the length and the depth of the path that the
// symbolic links of name lead to against MaxPathLength and MaxPathDepth.
// Keeping it within them also bounds the folders a walk holds open.
func linkedLimits(name string, length, depth int) *Error {
	switch {
	case length > MaxPathLength:
		return errorf(ClassInvalidPath, name, 0, "the path its symbolic links lead to is %d bytes long or more; paths may have at most %d", length, MaxPathLength)
	case depth > MaxPathDepth:
		return errorf(ClassInvalidPath, name, 0, "the path its symbolic links lead to has %d components or more; paths may have at most %d", depth, MaxPathDepth)
	}
	return nil
}

// resolve follows the symbolic links of a cleaned path inside root and
// returns the path of the file it designates, free of links, with the file's
// information (nil if it does not exist). With followLeaf false the last
// element is not followed. A link that is absolute or climbs out of the root
// is a ClassPathEscape error, and a path they lead to over MaxPathLength or
// MaxPathDepth a ClassInvalidPath error. Missing directories are allowed:
// the rest of the path is then taken as written.
func resolve(root *os.Root, name string, followLeaf bool) (string, fs.FileInfo, *Error) {
	w := walk{root: root}
	defer w.close()
	var done []string // the components of the path so far, in step with w
	size := 0         // len(path.Join(done...)) + 1
	todo := strings.Split(name, "/")
	links := 0
	var info fs.FileInfo
	for len(todo) > 0 {
		part := todo[0]
		todo = todo[1:]
		switch part {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return "", nil, errorf(ClassPathEscape, name, 0, "path leads outside the root folder through a symbolic link")
			}
			size -= len(done[len(done)-1]) + 1
			done = done[:len(done)-1]
			w.up()
			info = nil
			continue
		}
		// cur is the path so far, for messages; it is built only for them,
		// so that a walk down the path stays linear in its length.
		cur := func() string { return path.Join(path.Join(done...), part) }
		fi, err := w.dir().Lstat(part)
		if errors.Is(err, fs.ErrNotExist) {
			rest := path.Clean(path.Join(cur(), path.Join(todo...)))
			if rest == ".." || strings.HasPrefix(rest, "../") {
				return "", nil, errorf(ClassPathEscape, name, 0, "path leads outside the root folder through a symbolic link")
			}
			if links > 0 {
				if err := linkedLimits(name, len(rest), strings.Count(rest, "/")+1); err != nil {
					return "", nil, err
				}
			}
			return rest, nil, nil
		}
		if err != nil {
			return "", nil, &Error{Class: ClassIO, Path: name, Msg: "cannot inspect " + shown(cur()) + ": " + errText(err), Err: err}
		}
		if fi.Mode()&fs.ModeSymlink != 0 && (len(todo) > 0 || followLeaf) {
			links++
			if links > maxLinks {
				return "", nil, errorf(ClassIO, name, 0, "too many levels of symbolic links")
			}
			target, err := w.dir().Readlink(part)
			if err != nil {
				return "", nil, &Error{Class: ClassIO, Path: name, Msg: "cannot read symbolic link " + shown(cur()) + ": " + errText(err), Err: err}
			}
			target = filepath.ToSlash(target)
			if path.IsAbs(target) || filepath.IsAbs(target) || hasVolume(target) {
				return "", nil, errorf(ClassPathEscape, name, 0, "symbolic link %s points to an absolute path, outside the root folder", cur())
			}
			todo = append(strings.Split(target, "/"), todo...)
			continue
		}
		if len(todo) > 0 && !fi.IsDir() {
			return "", nil, errorf(ClassIO, name, 0, "%s is not a directory", cur())
		}
		if len(todo) > 0 {
			if err := w.down(part); err != nil {
				return "", nil, &Error{Class: ClassIO, Path: name, Msg: "cannot open " + shown(cur()) + ": " + errText(err), Err: err}
			}
		}
		done = append(done, part)
		size += len(part) + 1
		if err := linkedLimits(name, size-1, len(done)); err != nil {
			return "", nil, err
		}
		info = fi
	}
	if len(done) == 0 {
		return "", nil, errorf(ClassInvalidPath, name, 0, "path names the root folder itself, not a file")
	}
	resolved := path.Join(done...)
	if info == nil { // the path ended with ".." from a link target
		fi, err := root.Lstat(filepath.FromSlash(resolved))
		if err != nil {
			return "", nil, &Error{Class: ClassIO, Path: name, Msg: "cannot inspect " + shown(resolved) + ": " + errText(err), Err: err}
		}
		info = fi
	}
	return resolved, info, nil
}

// errText returns the description of a file-system error without the
// operation and path, which would repeat what the message already says.
func errText(err error) string {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err.Error()
	}
	if le, ok := errors.AsType[*os.LinkError](err); ok {
		return le.Err.Error()
	}
	return err.Error()
}
