package patch

import (
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// Apply applies p inside root, all or nothing.
//
// It first checks every path, reads every file the patch touches and
// computes every new content; if anything fails, it returns the error and
// the folder is untouched. Only then does it write: each new content goes to
// a temporary file next to its target, then every temporary file is renamed
// over its target and the deleted files are removed. If a write fails
// midway, the changes already made are undone from the copies held in
// memory, and the error says whether undoing succeeded.
//
// Every file access goes through root, so no path, ".." or symbolic link can
// reach outside it; symbolic links inside the root are followed as Codex
// does (writes go to the link's target, Delete removes the link itself).
// Apply does not lock the folder: concurrent changes to the same files by
// other processes or goroutines may be lost. It does not call fsync, and a
// crash of the process while it writes can leave a temporary file named
// ".patch-*.tmp" behind.
//
// Errors are [*Error] values.
func Apply(root *os.Root, p *Patch) (*Result, error) {
	return run(root, p, runApply)
}

// ApplyPartial applies what it can of p inside root: every block that
// applies is written, all together or none as [Apply] writes, and the
// blocks that fail are left out and reported by a *[BlockError] returned
// with the [Result] of what was written. This is how Aider applies a
// model's SEARCH/REPLACE blocks: the error text tells the model which
// blocks to send again, and that it must not resend the others.
//
// In ReplaceMode and UnifiedMode a block is one chunk (or an added or
// deleted file); a file whose path is refused or missing fails all its
// blocks. In PatchMode and OperationMode, whose chunks depend on each
// other, ApplyPartial is Apply.
func ApplyPartial(root *os.Root, p *Patch) (*Result, error) {
	return run(root, p, runPartial)
}

// ApplyOperation applies one apply_patch tool operation inside root. It is
// [ParseOperation] followed by [Apply]: all or nothing, never outside root.
func ApplyOperation(root *os.Root, op Operation) (*Result, error) {
	p, err := ParseOperation(op)
	if err != nil {
		return nil, err
	}
	return Apply(root, p)
}

// DryRun does everything [Apply] does except writing: it checks the paths,
// reads the files and computes the result, which can be reviewed with
// [Result.Diff] before the patch is applied. It returns the errors Apply
// would return, except failures to write.
func DryRun(root *os.Root, p *Patch) (*Result, error) {
	return run(root, p, runDry)
}

// How run writes.
type runKind int

const (
	runApply   runKind = iota // all or nothing
	runPartial                // the blocks that apply
	runDry                    // nothing
)

// A plan is what one File will do to the file system.
type plan struct {
	dst     string      // resolved path written, or ""
	content string      // what to write at dst
	perm    fs.FileMode // permissions of the written file
	isNew   bool        // dst did not exist
	dstOld  string      // previous content of dst, to undo the write
	dstPerm fs.FileMode
	remove  string // resolved path removed (Delete, or the source of a move), or ""
	rmOld   string // content of remove, to undo the removal
	rmPerm  fs.FileMode
	rmLink  string // target of remove if it is a symbolic link
	tmp     string // temporary file holding content
	change  Change
}

type applier struct {
	root    *os.Root
	mode    Mode
	crlf    bool
	first   bool // Patch.FirstMatch
	blocks  bool // ReplaceMode or UnifiedMode: failures are per block
	failed  []*Error
	applied int
	m       matcher
	total   int
	claimed map[string]*File
	dirs    map[string]*File // parent directories of claimed paths
	ids     map[fileID]*File
}

func run(root *os.Root, p *Patch, kind runKind) (*Result, error) {
	if root == nil {
		return nil, &Error{Class: ClassIO, Msg: "nil root"}
	}
	if p == nil || len(p.Files) == 0 {
		return nil, &Error{Class: ClassEmptyPatch, Msg: "the patch contains no file operation; no files were modified"}
	}
	a := &applier{
		root:    root,
		mode:    p.Mode,
		crlf:    p.crlf,
		first:   p.FirstMatch,
		blocks:  p.Mode == ReplaceMode || p.Mode == UnifiedMode,
		claimed: make(map[string]*File),
		dirs:    make(map[string]*File),
		ids:     make(map[fileID]*File),
	}
	plans := make([]*plan, 0, len(p.Files))
	for i := range p.Files {
		f := &p.Files[i]
		pl, err := a.prepare(f)
		if err != nil {
			if e, ok := err.(*Error); ok {
				if e.Path == "" {
					e.Path = f.Path
				}
				if e.Line == 0 {
					e.Line = f.Line
				}
				if a.blocks {
					a.failFile(f, e)
					continue
				}
			}
			return nil, err
		}
		if pl != nil {
			plans = append(plans, pl)
		}
	}
	var berr *BlockError
	if len(a.failed) > 0 {
		berr = &BlockError{Failed: a.failed, Applied: a.applied}
		if kind != runPartial || a.applied == 0 {
			return nil, berr
		}
		berr.Written = true
	}
	if kind != runDry {
		if err := a.commit(plans); err != nil {
			return nil, err
		}
	}
	res := &Result{Changes: make([]Change, len(plans))}
	for i, pl := range plans {
		res.Changes[i] = pl.change
	}
	if berr != nil {
		return res, berr
	}
	return res, nil
}

// failFile records that every block of f failed with e.
func (a *applier) failFile(f *File, e *Error) {
	if len(f.Chunks) == 0 || e.Block != 0 {
		a.failed = append(a.failed, e)
		return
	}
	for i := range f.Chunks {
		c := *e
		c.Block, c.Line = f.Chunks[i].Block, f.Chunks[i].Line
		a.failed = append(a.failed, &c)
	}
}

func (a *applier) prepare(f *File) (*plan, error) {
	name, perr := cleanPath(f.Path)
	if perr != nil {
		perr.Line = f.Line
		return nil, perr
	}
	switch f.Kind {
	case Add:
		return a.prepareAdd(f, name)
	case Delete:
		return a.prepareDelete(f, name)
	case Update:
		return a.prepareUpdate(f, name)
	}
	return nil, errorf(ClassParse, f.Path, f.Line, "invalid file kind %d", f.Kind)
}

func (a *applier) prepareAdd(f *File, name string) (*plan, error) {
	dst, info, err := a.resolve(f, name, true)
	if err != nil {
		return nil, err
	}
	if err := a.claim(f, dst, info); err != nil {
		return nil, err
	}
	pl := &plan{dst: dst, content: f.Contents, perm: 0o666, isNew: info == nil}
	if f.Perm != 0 {
		pl.perm = f.Perm
	}
	if info != nil {
		if pl.dstOld, err = a.read(f, dst, info); err != nil {
			return nil, err
		}
		pl.perm, pl.dstPerm = info.Mode().Perm(), info.Mode().Perm()
	}
	if err := a.account(f, len(f.Contents)); err != nil {
		return nil, err
	}
	pl.change = Change{Kind: Add, Path: name, Old: pl.dstOld, New: f.Contents, Overwritten: info != nil,
		spans: []span{{0, len(pl.dstOld), 0, len(f.Contents)}}}
	a.applied++
	return pl, nil
}

func (a *applier) prepareDelete(f *File, name string) (*plan, error) {
	target, info, err := a.resolve(f, name, false)
	if err != nil {
		return nil, err
	}
	if info == nil {
		return nil, errorf(ClassFileNotFound, f.Path, f.Line, "file to delete does not exist")
	}
	if err := a.claim(f, target, info); err != nil {
		return nil, err
	}
	pl := &plan{remove: target}
	if info.Mode()&fs.ModeSymlink != 0 {
		// The link itself is removed. It must stay inside the root; its
		// target's content, if it is a file, is shown as deleted.
		if pl.rmLink, err = a.root.Readlink(filepath.FromSlash(target)); err != nil {
			return nil, &Error{Class: ClassIO, Path: f.Path, Line: f.Line, Msg: "cannot read symbolic link: " + errText(err), Err: err}
		}
		content, cinfo, err := a.resolve(f, target, true)
		if err != nil {
			return nil, err
		}
		if cinfo != nil && cinfo.Mode().IsRegular() {
			if pl.rmOld, err = a.read(f, content, cinfo); err != nil {
				return nil, err
			}
		}
	} else {
		if pl.rmOld, err = a.read(f, target, info); err != nil {
			return nil, err
		}
		pl.rmPerm = info.Mode().Perm()
	}
	pl.change = Change{Kind: Delete, Path: name, Old: pl.rmOld, spans: []span{{0, len(pl.rmOld), 0, 0}}}
	a.applied++
	return pl, nil
}

func (a *applier) prepareUpdate(f *File, name string) (*plan, error) {
	src, info, err := a.resolve(f, name, true)
	if err != nil {
		return nil, err
	}
	// In ReplaceMode a first block with no old lines starts a missing file.
	create := info == nil && a.mode == ReplaceMode && len(f.Chunks) > 0 && f.MoveTo == "" &&
		!slices.ContainsFunc(f.Chunks[0].Old(), func(s string) bool { return !isBlank(s) })
	if info == nil && !create {
		if a.mode == ReplaceMode {
			return nil, errorf(ClassFileNotFound, f.Path, f.Line, "the file does not exist; to create it, send a first block whose old lines are empty")
		}
		return nil, errorf(ClassFileNotFound, f.Path, f.Line, "file to update does not exist")
	}
	if err := a.claim(f, src, info); err != nil {
		return nil, err
	}
	var (
		old  string
		perm fs.FileMode = 0o666
	)
	if info != nil {
		if old, err = a.read(f, src, info); err != nil {
			return nil, err
		}
		if !utf8.ValidString(old) {
			return nil, errorf(ClassIO, f.Path, f.Line, "file is not UTF-8 text")
		}
		perm = info.Mode().Perm()
	}
	res, err := a.m.update(f, old, a.mode, a.crlf, a.first)
	if err != nil {
		return nil, err
	}
	a.failed = append(a.failed, res.failed...)
	a.applied += res.applied
	if len(f.Chunks) == 0 {
		a.applied++ // a rename
	}
	content := res.content
	if err := a.account(f, len(content)); err != nil {
		return nil, err
	}
	pl := &plan{content: content, perm: perm, dstOld: old, dstPerm: perm, isNew: create}
	pl.change = Change{Kind: Update, Path: name, Old: old, New: content, spans: res.spans}
	if create {
		pl.change.Kind = Add
		if res.applied == 0 {
			return nil, nil
		}
	}
	if f.Perm != 0 && f.Perm != perm {
		pl.perm = f.Perm
		pl.dst = src
	}
	if content != old {
		pl.dst = src
	}
	if f.MoveTo == "" {
		return pl, nil
	}
	dname, perr := cleanPath(f.MoveTo)
	if perr != nil {
		perr.Path, perr.Line = f.MoveTo, f.Line
		perr.Msg = "move destination: " + perr.Msg
		return nil, perr
	}
	dst, dinfo, err := a.resolve(f, dname, true)
	if err != nil {
		return nil, err
	}
	if dst == src {
		return pl, nil // a move onto itself is an update in place
	}
	if err := a.claim(f, dst, dinfo); err != nil {
		return nil, err
	}
	pl.dst, pl.isNew, pl.dstOld, pl.dstPerm = dst, dinfo == nil, "", 0
	if dinfo != nil {
		if pl.dstOld, err = a.read(f, dst, dinfo); err != nil {
			return nil, err
		}
		pl.dstPerm = dinfo.Mode().Perm()
	}
	pl.remove, pl.rmOld, pl.rmPerm = src, old, perm
	pl.change.MoveTo, pl.change.Overwritten = dname, dinfo != nil
	return pl, nil
}

// resolve resolves name inside the root, attributing errors to f.
func (a *applier) resolve(f *File, name string, followLeaf bool) (string, fs.FileInfo, error) {
	r, info, err := resolve(a.root, name, followLeaf)
	if err != nil {
		err.Path, err.Line = f.Path, f.Line
		return "", nil, err
	}
	return r, info, nil
}

// claim records that f touches the resolved path p (whose information is
// info, nil if it does not exist), and rejects a path that another
// operation of the patch already touches, under any name.
func (a *applier) claim(f *File, p string, info fs.FileInfo) error {
	dup := func(other *File) error {
		return errorf(ClassDuplicatePath, f.Path, f.Line, "this file is also changed by the operation on %s at patch line %d; change each file once per patch", other.Path, other.Line)
	}
	if other, ok := a.claimed[p]; ok {
		return dup(other)
	}
	if other, ok := a.dirs[p]; ok {
		return errorf(ClassDuplicatePath, f.Path, f.Line, "this path is a directory of %s (patch line %d)", other.Path, other.Line)
	}
	for d := path.Dir(p); d != "."; d = path.Dir(d) {
		if other, ok := a.claimed[d]; ok {
			return errorf(ClassDuplicatePath, f.Path, f.Line, "%s (patch line %d) is a file, not a directory", other.Path, other.Line)
		}
		a.dirs[d] = f
	}
	if info != nil {
		if id, ok := identify(info); ok {
			if other, ok := a.ids[id]; ok {
				return dup(other)
			}
			a.ids[id] = f
		}
	}
	a.claimed[p] = f
	return nil
}

// account adds n bytes to the total and checks the limits.
func (a *applier) account(f *File, n int) error {
	if n > MaxFileSize {
		return errorf(ClassIO, f.Path, f.Line, "new content is %d bytes, more than the limit of %d", n, MaxFileSize)
	}
	a.total += n
	if a.total > MaxTotalSize {
		return errorf(ClassIO, f.Path, f.Line, "the patch touches more than %d bytes of files", MaxTotalSize)
	}
	return nil
}

// read returns the content of the regular file at the resolved path name.
func (a *applier) read(f *File, name string, info fs.FileInfo) (string, error) {
	if info.IsDir() {
		return "", errorf(ClassIsDirectory, f.Path, f.Line, "%s is a directory", name)
	}
	if !info.Mode().IsRegular() {
		return "", errorf(ClassIO, f.Path, f.Line, "%s is not a regular file", name)
	}
	ioErr := func(err error) error {
		return &Error{Class: ClassIO, Path: f.Path, Line: f.Line, Msg: "cannot read " + shown(name) + ": " + errText(err), Err: err}
	}
	if info.Size() > MaxFileSize {
		return "", errorf(ClassIO, f.Path, f.Line, "file is %d bytes, more than the limit of %d", info.Size(), MaxFileSize)
	}
	file, err := a.root.Open(filepath.FromSlash(name))
	if err != nil {
		return "", ioErr(err)
	}
	defer file.Close()
	// Read into a strings.Builder, whose String does not copy: a file is
	// held once in memory, not twice.
	var b strings.Builder
	b.Grow(int(info.Size()) + 1)
	n, err := io.Copy(&b, io.LimitReader(file, MaxFileSize+1))
	if err != nil {
		return "", ioErr(err)
	}
	if n > MaxFileSize {
		return "", errorf(ClassIO, f.Path, f.Line, "file is more than the limit of %d bytes", MaxFileSize)
	}
	if err := a.account(f, b.Len()); err != nil {
		return "", err
	}
	return b.String(), nil
}
