import ArgumentParser
import SecmonCLI

// Through a generic, not `await SecmonCommand.main()`: with Swift 6.3 on Linux that call
// resolves to ParsableCommand's synchronous main, which refuses an async root at run time.
func runRoot<Root: AsyncParsableCommand>(_ root: Root.Type) async {
    await root.main(nil)
}

await runRoot(SecmonCommand.self)
