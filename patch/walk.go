package patch

import (
	"os"
	"strings"
)

// A walk goes down a path inside a root one folder at a time, each folder
// opened from its parent, so that a step costs the same at any depth.
// os.Root resolves a name of several components from the root, one
// component after another: inspecting every prefix of a path through it
// costs time quadratic in the path's depth.
type walk struct {
	root  *os.Root
	dirs  []*os.Root // dirs[i] is the folder names[:i+1]
	names []string
}

// dir returns the folder the walk is in.
func (w *walk) dir() *os.Root {
	if len(w.dirs) == 0 {
		return w.root
	}
	return w.dirs[len(w.dirs)-1]
}

// down enters the folder name of the current folder.
func (w *walk) down(name string) error {
	d, err := w.dir().OpenRoot(name)
	if err != nil {
		return err
	}
	w.dirs = append(w.dirs, d)
	w.names = append(w.names, name)
	return nil
}

// up leaves the current folder for its parent; at the root it does nothing.
func (w *walk) up() {
	if n := len(w.dirs); n > 0 {
		w.dirs[n-1].Close()
		w.dirs, w.names = w.dirs[:n-1], w.names[:n-1]
	}
}

// to moves the walk to the folder dir, a clean slash-separated path ("."
// for the root), keeping the folders it shares with the current one.
func (w *walk) to(dir string) error {
	var parts []string
	if dir != "." {
		parts = strings.Split(dir, "/")
	}
	n := 0
	for n < len(w.names) && n < len(parts) && w.names[n] == parts[n] {
		n++
	}
	for len(w.names) > n {
		w.up()
	}
	for _, p := range parts[n:] {
		if err := w.down(p); err != nil {
			return err
		}
	}
	return nil
}

// close closes the folders the walk opened.
func (w *walk) close() {
	for len(w.dirs) > 0 {
		w.up()
	}
}
