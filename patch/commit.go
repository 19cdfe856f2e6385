package patch

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// testHook, set only by tests, runs before each step of commit: "write"
// before the temporary files are created, "rename" and "remove" before each
// rename and removal, and "undo" before each step is undone, with the
// target's path. An error it returns is treated
// as the step's failure.
var testHook func(step, name string) error

func hook(step, name string) error {
	if testHook == nil {
		return nil
	}
	return testHook(step, name)
}

// commit writes the plans: every new content to a temporary file first, then
// renames and removals. A failure before the first rename leaves the folder
// as it was; a failure after it undoes what was done.
func (a *applier) commit(plans []*plan) error {
	var created []string // directories created, parents first
	cleanup := func() {
		for _, pl := range plans {
			if pl.tmp != "" {
				a.root.Remove(filepath.FromSlash(pl.tmp))
				pl.tmp = ""
			}
		}
		a.removeDirs(created)
		created = nil
	}
	for _, pl := range plans {
		if pl.dst == "" {
			continue
		}
		if err := hook("write", pl.dst); err != nil {
			cleanup()
			return writeError(pl, err, nil)
		}
		dirs, err := a.mkdirs(path.Dir(pl.dst))
		created = append(created, dirs...)
		if err == nil {
			// A new file gets the umask's permissions, as any new file;
			// a replaced file keeps its own.
			pl.tmp, err = a.writeTemp(path.Dir(pl.dst), pl.content, pl.perm, !pl.isNew)
		}
		if err != nil {
			cleanup()
			return writeError(pl, err, nil)
		}
	}

	// From here on, a failure must undo the steps done.
	var done []*undo
	fail := func(pl *plan, err error) error {
		for i := len(done) - 1; i >= 0; i-- {
			u := done[i]
			u.err = hook("undo", u.name)
			if u.err == nil {
				u.err = u.run()
			}
		}
		cleanup()
		return writeError(pl, err, done)
	}
	for _, pl := range plans {
		if pl.tmp == "" {
			continue
		}
		err := hook("rename", pl.dst)
		if err == nil {
			err = a.root.Rename(filepath.FromSlash(pl.tmp), filepath.FromSlash(pl.dst))
		}
		if err != nil {
			return fail(pl, err)
		}
		pl.tmp = ""
		if pl.isNew {
			done = append(done, &undo{name: pl.dst, step: stepCreate, run: func() error { return a.root.Remove(filepath.FromSlash(pl.dst)) }})
		} else {
			done = append(done, &undo{name: pl.dst, step: stepReplace, run: func() error { return a.restore(pl.dst, pl.dstOld, pl.dstPerm, "") }})
		}
	}
	for _, pl := range plans {
		if pl.remove == "" {
			continue
		}
		err := hook("remove", pl.remove)
		if err == nil {
			err = a.root.Remove(filepath.FromSlash(pl.remove))
		}
		if err != nil {
			return fail(pl, err)
		}
		done = append(done, &undo{name: pl.remove, step: stepRemove, link: pl.rmLink != "", run: func() error { return a.restore(pl.remove, pl.rmOld, pl.rmPerm, pl.rmLink) }})
	}
	return nil
}

// An undo reverses one step of a commit that was done: it removes a file
// the commit created, or puts back one it replaced or removed.
type undo struct {
	name string // the file, as resolved
	step step   // what the commit did to it
	link bool   // the file was a symbolic link
	run  func() error
	err  error // the undo's failure, once run
}

// A step is what a commit did to a file.
type step int

const (
	stepCreate  step = iota // a new file: undoing removes it
	stepReplace             // new content: undoing writes the old one again
	stepRemove              // undoing writes the file or link again
)

// left describes a file whose undo failed.
func (u *undo) left() string {
	state := "keeps its new content"
	switch u.step {
	case stepCreate:
		state = "(new) is still there"
	case stepRemove:
		state = "is still removed"
	}
	return u.name + " " + state + " (" + u.err.Error() + ")"
}

// writeError returns the error for a commit that failed with err while
// writing pl, after undoing the steps done. Its message says what the
// folder holds now: nothing changed, the changes undone (replaced and
// removed files are written again, as new files), or which files were left
// in which state.
func writeError(pl *plan, err error, done []*undo) error {
	name := pl.change.Path
	if pl.change.MoveTo != "" {
		name = pl.change.MoveTo
	}
	e := &Error{Class: ClassIO, Path: name, Msg: "writing failed: " + errText(err), Err: err}
	var (
		failed                     []string
		undoErrs                   []error
		newFiles, rewritten, links []string
	)
	for _, u := range done {
		switch {
		case u.err != nil:
			failed = append(failed, u.left())
			undoErrs = append(undoErrs, u.err)
		case u.step == stepCreate:
			newFiles = append(newFiles, u.name)
		case u.link:
			links = append(links, u.name)
		default:
			rewritten = append(rewritten, u.name)
		}
	}
	var what []string
	if len(rewritten) > 0 {
		what = append(what, "wrote "+list(rewritten)+" again with the old content (as new files: inode and modification time changed)")
	}
	if len(links) > 0 {
		what = append(what, "recreated the symbolic links "+list(links))
	}
	if len(newFiles) > 0 {
		what = append(what, "removed the new files "+list(newFiles))
	}
	switch {
	case len(done) == 0:
		e.Msg += "; no file was changed"
	case len(failed) > 0:
		e.Msg += "; undoing the changes already made failed, the folder is partly patched: " + list(failed)
		if len(what) > 0 {
			e.Msg += "; the undo " + strings.Join(what, ", ")
		}
		e.Err = errors.Join(append([]error{err}, undoErrs...)...)
	default:
		e.Msg += "; the changes already made were undone: the undo " + strings.Join(what, ", ")
	}
	return e
}

// list joins names for a message, eliding a long list and long names.
func list(names []string) string {
	const most = 10
	var b strings.Builder
	for i, n := range names {
		if i == most {
			fmt.Fprintf(&b, " and %d more", len(names)-most)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(shown(n))
	}
	return b.String()
}

// mkdirs creates the missing directories of dir, a resolved path, and
// returns those it created, parents first.
func (a *applier) mkdirs(dir string) ([]string, error) {
	if dir == "." {
		return nil, nil
	}
	w := walk{root: a.root}
	defer w.close()
	var created []string
	cur := ""
	for part := range strings.SplitSeq(dir, "/") {
		if cur == "" {
			cur = part
		} else {
			cur += "/" + part
		}
		info, err := w.dir().Lstat(part)
		switch {
		case err == nil && !info.IsDir():
			return created, &fs.PathError{Op: "mkdir", Path: cur, Err: errors.New("a file is in the way")}
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return created, err
		case err != nil:
			if err := w.dir().Mkdir(part, 0o777); err != nil {
				return created, err
			}
			created = append(created, cur)
		}
		if err := w.down(part); err != nil {
			return created, err
		}
	}
	return created, nil
}

// removeDirs removes the directories dirs, which mkdirs created, children
// first. It goes from one to the next through the folders they share, so
// that a deep chain of folders costs time linear in its depth.
func (a *applier) removeDirs(dirs []string) {
	w := walk{root: a.root}
	defer w.close()
	for i := len(dirs) - 1; i >= 0; i-- {
		if w.to(path.Dir(dirs[i])) == nil {
			w.dir().Remove(path.Base(dirs[i]))
		}
	}
}

// writeTemp writes content to a new temporary file in dir and returns its
// path. With chmod false the permissions are left to the umask.
func (a *applier) writeTemp(dir, content string, perm fs.FileMode, chmod bool) (string, error) {
	for range 100 {
		name := path.Join(dir, ".patch-"+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		f, err := a.root.OpenFile(filepath.FromSlash(name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = f.WriteString(content)
		if err == nil && chmod {
			err = f.Chmod(perm)
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			a.root.Remove(filepath.FromSlash(name))
			return "", err
		}
		return name, nil
	}
	return "", errors.New("cannot create a temporary file")
}

// restore puts back a file that was overwritten or removed: a symbolic link
// if link is set, otherwise content with permissions perm.
func (a *applier) restore(name, content string, perm fs.FileMode, link string) error {
	if link != "" {
		return a.root.Symlink(link, filepath.FromSlash(name))
	}
	tmp, err := a.writeTemp(path.Dir(name), content, perm, true)
	if err != nil {
		return err
	}
	return a.root.Rename(filepath.FromSlash(tmp), filepath.FromSlash(name))
}
