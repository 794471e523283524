// The module is the header alone (libFuzzer's driver, declared for Swift); SwiftPM wants a source.
