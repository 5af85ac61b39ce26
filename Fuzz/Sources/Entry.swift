import Foundation

// Built by scripts/fuzz with -sanitize=fuzzer -D FUZZING, `main` hands control to libFuzzer's
// driver (LLVMFuzzerRunDriver), which calls `fuzzOneInput` once per input; SECMON_FUZZ_TARGET
// names the target. (SwiftPM makes the executable's entry point this `main`, so libFuzzer's own
// `main` cannot be used.) Built normally (`swift build`), it is a replayer instead:
// `secmon-fuzz TARGET FILE...` runs each file through TARGET once, which is how a finding is
// reproduced without the fuzzer (docs/fuzzing.md).
@main
enum FuzzEntry {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, fuzzOneInput))
        #else
        replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    static func replay(_ arguments: [String]) {
        guard let name = arguments.first, let target = FuzzTargets.all[name] else {
            print("usage: secmon-fuzz TARGET FILE... (targets: \(FuzzTargets.all.keys.sorted().joined(separator: ", ")))")
            exit(2)
        }
        for file in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: file) else {
                print("cannot read \(file)")
                exit(1)
            }
            target([UInt8](data))
            print("\(name): \(file) ok")
        }
    }
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

let fuzzTarget: @Sendable ([UInt8]) -> Void = {
    let name = ProcessInfo.processInfo.environment["SECMON_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTargets.all[name] else {
        FileHandle.standardError.write(Data("set SECMON_FUZZ_TARGET to one of: \(FuzzTargets.all.keys.sorted().joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    fuzzTarget(bytes)
    return 0
}
#endif
