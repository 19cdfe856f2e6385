package patch_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/respkit/respkit/patch"
)

func ExampleExtract() {
	root, cleanup := exampleRoot("app.py", "def greet(name):\n    return 'hi ' + name\n")
	defer cleanup()

	// A model's reply, in any of the formats: here SEARCH/REPLACE blocks.
	reply := "Sure, here is the change:\n\n" +
		"app.py\n```python\n<<<<<<< SEARCH\n    return 'hi ' + name\n=======\n    return f'hello, {name}'\n>>>>>>> REPLACE\n```\n"
	p, err := patch.Extract(reply, 0)
	if err != nil {
		log.Fatal(err)
	}
	res, err := patch.Apply(root, p)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(patch.Detect(reply))
	fmt.Print(res.Diff())
	// Output:
	// search-replace
	// --- a/app.py
	// +++ b/app.py
	// @@ -1,2 +1,2 @@
	//  def greet(name):
	// -    return 'hi ' + name
	// +    return f'hello, {name}'
}

func ExampleApplyPartial() {
	root, cleanup := exampleRoot("todo.md", "- buy milk\n- walk the dog\n")
	defer cleanup()

	reply := `<edit>
<file>todo.md</file>
<old_code>
- buy milk
</old_code>
<new_code>
- buy oat milk
</new_code>
</edit>
<edit>
<file>todo.md</file>
<old_code>
- feed the cat
</old_code>
<new_code>
- feed the cats
</new_code>
</edit>`
	p, err := patch.ParseXML(reply)
	if err != nil {
		log.Fatal(err)
	}
	_, err = patch.ApplyPartial(root, p)
	if be, ok := errors.AsType[*patch.BlockError](err); ok {
		fmt.Println(be) // what to send back to the model
	}
	data, _ := root.ReadFile("todo.md")
	fmt.Print(string(data))
	// Output:
	// patch: 1 block of 2 failed to apply. The other block applied and was written: do not send it again; send a fixed version of the failed block only.
	//
	// patch: todo.md: block 2 (line 10): the block's old lines were not found in the file
	// sought:
	// 	- feed the cat
	// no line of the file resembles these lines
	// - buy oat milk
	// - walk the dog
}

func ExamplePatch_Render() {
	p, err := patch.Parse(`*** Begin Patch
*** Update File: main.go
@@ func main() {
-	fmt.Println("hi")
+	fmt.Println("hello")
*** End Patch`)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range []patch.Format{patch.SearchReplace, patch.Unified} {
		text, err := p.Render(f)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Print(text)
	}
	// Output:
	// main.go
	// ```
	// <<<<<<< SEARCH
	// 	fmt.Println("hi")
	// =======
	// 	fmt.Println("hello")
	// >>>>>>> REPLACE
	// ```
	// --- a/main.go
	// +++ b/main.go
	// @@ -1 +1 @@ func main() {
	// -	fmt.Println("hi")
	// +	fmt.Println("hello")
}
