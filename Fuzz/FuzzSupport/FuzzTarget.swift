import Foundation

#if FUZZING
import CLibFuzzer
#endif

/// How a fuzz target runs its test on one input, in either of its two builds.
///
/// Each target is an ordinary executable with its own `main`, so that `swift build` links it like
/// any other (a libFuzzer target has no `main` of its own, and SwiftPM renames an executable's
/// entry point, which a missing `main` cannot satisfy). Built by scripts/fuzz with
/// `-sanitize=fuzzer,address -DFUZZING`, that `main` hands the test to libFuzzer's driver, which
/// takes libFuzzer's flags, corpus directories and crash files as arguments. Built by `swift
/// build`, it runs the test on every file (or every file of every directory) it is given: the
/// reproducer of a crash found by the fuzzer, without the sanitizer build.
public enum FuzzTarget {
    public static func main(_ test: @escaping @Sendable ([UInt8]) -> Void) -> Never {
        #if FUZZING
        currentTest = test
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzerTestOneInput))
        #else
        let arguments = CommandLine.arguments.dropFirst()
        guard !arguments.isEmpty else {
            print("usage: \(CommandLine.arguments[0]) FILE|DIRECTORY... (runs each input; scripts/fuzz builds the fuzzer)")
            exit(2)
        }
        var count = 0
        for path in arguments {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    print("cannot read \(file)")
                    exit(2)
                }
                test([UInt8](data))
                count += 1
            }
        }
        print("ran \(count) input\(count == 1 ? "" : "s") without a failure")
        exit(0)
        #endif
    }

    #if FUZZING
    /// The test libFuzzer's callback runs: a C function pointer cannot capture it.
    nonisolated(unsafe) fileprivate static var currentTest: (@Sendable ([UInt8]) -> Void)?
    #endif

    /// `path` itself, or the files of the directory it names (sorted, not recursive).
    static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
              let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [path] }
        return names.sorted().filter { !$0.hasPrefix(".") }.map { path + "/" + $0 }
    }

    /// Stops the run when an invariant of the code under test does not hold, naming it: libFuzzer
    /// saves the input as a crash, and the reproducer build fails on it the same way.
    public static func check(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line) {
        guard !condition else { return }
        fatalError(message(), file: file, line: line)
    }
}

#if FUZZING
/// libFuzzer's callback for one input, under the name libFuzzer's own `main` would call (linkers
/// that take that `main` from the runtime's archive, such as lld, need the name defined; the
/// program's `main` still wins, as SwiftPM defines it explicitly).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.currentTest?(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#endif
