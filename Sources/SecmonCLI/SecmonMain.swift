/// The executable's entry point. Called from an async function so the compiler picks
/// ArgumentParser's async `main()`; top-level code in main.swift picks the synchronous one,
/// which refuses to run an async root command.
public enum SecmonMain {
    public static func run() async {
        await SecmonCommand.main()
    }
}
