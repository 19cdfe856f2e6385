package patch

// Instructions returns the text that teaches a model to write its edits in
// format f, with a worked example, for a system prompt or a tool's
// description. The example, the same small edit of a Python file in every
// format, is read by the format's parser from the text itself. It returns
// "" for an unknown format.
func (f Format) Instructions() string {
	switch f {
	case V4A:
		return v4aInstructions
	case SearchReplace:
		return searchReplaceInstructions
	case XML:
		return xmlInstructions
	case Unified:
		return unifiedInstructions
	}
	return ""
}

const v4aInstructions = `To edit files, write a patch in the V4A format. A patch starts with the line
"*** Begin Patch" and ends with the line "*** End Patch". Between them, one
section per file:

- "*** Add File: path" followed by the new file's lines, each prefixed with "+".
- "*** Delete File: path" alone.
- "*** Update File: path", optionally followed by "*** Move to: new/path", then
  one or more chunks of changes. A chunk starts with "@@" followed by a line of
  the file that comes before the change (a function or class header) to say
  where it is, then the lines around the change: unchanged lines prefixed with
  a space, removed lines with "-", added lines with "+". Show three unchanged
  lines before and after each change, and write the chunks in the file's order.

Paths are relative to the project's root. Never use line numbers. Copy the
unchanged and removed lines exactly, with their indentation.

Example: to make greet() say "Hi" and add a docstring to farewell() in app.py:

*** Begin Patch
*** Update File: app.py
@@ def greet(name):
-    return "Hello, " + name
+    return "Hi, " + name
@@ def farewell(name):
+    """Say goodbye."""
     return "Bye, " + name
*** End Patch
`

const searchReplaceInstructions = `To edit files, write SEARCH/REPLACE blocks. Each block has:

1. the file's path, alone on a line, relative to the project's root;
2. the opening fence of a code block;
3. a line "<<<<<<< SEARCH";
4. the lines to replace, copied exactly from the file: every character,
   white space, comment and indentation;
5. a line "=======";
6. the lines to put in their place;
7. a line ">>>>>>> REPLACE";
8. the closing fence.

The SEARCH lines must match one place of the file only: include enough
unchanged lines around the change to make them unique, and no more. Keep
blocks small; use several blocks for changes far apart, in the order of the
file. To create a file, leave the SEARCH section empty. To delete code,
leave the REPLACE section empty. Never use line numbers.

Example: to make greet() say "Hi" and add a docstring to farewell() in app.py:

app.py
` + "```" + `python
<<<<<<< SEARCH
    return "Hello, " + name
=======
    return "Hi, " + name
>>>>>>> REPLACE
` + "```" + `

app.py
` + "```" + `python
<<<<<<< SEARCH
def farewell(name):
    return "Bye, " + name
=======
def farewell(name):
    """Say goodbye."""
    return "Bye, " + name
>>>>>>> REPLACE
` + "```" + `
`

const xmlInstructions = `To edit files, write one <edit> element per change. Each has, each tag on its
own line:

- <file>, the file's path relative to the project's root, </file>;
- <old_code>, the lines to replace copied exactly from the file (every
  character, white space and indentation), </old_code>;
- <new_code>, the lines to put in their place, </new_code>.

Do not escape anything inside the elements: write the code as it is. The old
code must match one place of the file only: include enough unchanged lines
around the change to make it unique. To create a file, leave <old_code>
empty. Never use line numbers.

Example: to make greet() say "Hi" and add a docstring to farewell() in app.py:

<edit>
<file>
app.py
</file>
<old_code>
    return "Hello, " + name
</old_code>
<new_code>
    return "Hi, " + name
</new_code>
</edit>
<edit>
<file>
app.py
</file>
<old_code>
def farewell(name):
    return "Bye, " + name
</old_code>
<new_code>
def farewell(name):
    """Say goodbye."""
    return "Bye, " + name
</new_code>
</edit>
`

const unifiedInstructions = `To edit files, write a unified diff, as "diff -u" and "git diff" write them.
For each file, a line "--- a/path" and a line "+++ b/path" (paths relative to
the project's root; "--- /dev/null" for a new file, "+++ /dev/null" for a
deleted one), then one hunk per change. A hunk starts with a line
"@@ -l,n +l,m @@": l is the line where the hunk starts in the old and new
file, n and m its numbers of old and new lines. Then the hunk's lines:
unchanged lines prefixed with a space, removed lines with "-", added lines
with "+". Show three unchanged lines before and after each change, copied
exactly, with their indentation. The line numbers help to find the place,
but the unchanged and removed lines decide it.

Example: to make greet() say "Hi" and add a docstring to farewell() in app.py:

--- a/app.py
+++ b/app.py
@@ -1,6 +1,7 @@
 def greet(name):
-    return "Hello, " + name
+    return "Hi, " + name
 
 
 def farewell(name):
+    """Say goodbye."""
     return "Bye, " + name
`
