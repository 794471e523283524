/// Turns a byte offset into a 1-based line and column (in Unicode scalars, as libyaml counts them)
/// for UTF-8 text: a leading byte order mark takes no column, and `\r\n`, `\n` and a lone `\r` each
/// end a line, as they do for libyaml.
enum TextPosition {
    static func locate(offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && (index + 1 >= bytes.count || bytes[index + 1] != UInt8(ascii: "\n"))) {
                line += 1
                column = 1
            } else if byte == UInt8(ascii: "\r") {
                // The \r of a \r\n: the \n ends the line.
            } else if byte & 0xC0 != 0x80 {
                // Count the lead byte of each UTF-8 sequence, not its continuation bytes.
                column += 1
            }
            index += 1
        }
        return (line, column)
    }
}
