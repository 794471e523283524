import CLibYAML

/// The one place that touches libyaml's C API: it runs libyaml's event parser over a buffer and
/// hands each event to Swift as a value, with libyaml's errors turned into ``YAMLError``s.
///
/// Everything that holds a C pointer stays inside ``parse(_:file:text:handler:)``; no pointer
/// escapes it. A scalar's content is appended to one shared byte buffer and its event names the
/// range, so that a file's hundreds of thousands of scalars cost no allocation each.
enum LibYAMLEventParser {
    struct Position {
        var line: Int
        var column: Int
    }

    enum Event {
        case documentStart
        case documentEnd
        case alias(anchor: String, at: Position)
        /// `text` is the range of the scalar's content (after YAML's escapes and folding) in the
        /// parse's text buffer.
        case scalar(text: Range<Int>, style: Scalar.Style, anchor: String?, tag: String?, at: Position, width: Int)
        case sequenceStart(anchor: String?, tag: String?, at: Position)
        case sequenceEnd
        case mappingStart(anchor: String?, tag: String?, at: Position)
        case mappingEnd
    }

    /// Parses `bytes` (UTF-8, or UTF-16 with a byte order mark) to the end of the stream, appending
    /// every scalar's content to `text`; `handler` sees each event with the buffer as it stands.
    /// `handler` may stop the parse by throwing; its error is rethrown.
    static func parse(
        _ bytes: [UInt8],
        file: String,
        text: inout [UInt8],
        handler: (consuming Event, _ text: borrowing [UInt8]) throws(YAMLError) -> Void
    ) throws(YAMLError) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw YAMLError(mark: Mark(file: file, line: 1, column: 1), message: "libyaml could not allocate a parser")
        }
        defer { yaml_parser_delete(parser) }

        // libyaml reads even an empty input through a pointer: give it a buffer with a byte in it.
        let input = bytes.isEmpty ? [0] : bytes
        let count = bytes.count
        let result: Result<Void, YAMLError> = input.withUnsafeBufferPointer { whole in
            let buffer = UnsafeBufferPointer(rebasing: whole[0..<count])
            yaml_parser_set_input_string(parser, whole.baseAddress, count)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(parser, &event) == 1 else {
                    return .failure(error(of: parser.pointee, in: buffer, file: file))
                }
                defer { yaml_event_delete(&event) }
                let position = Position(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                // Each event is made where it is handed over: a copy of it (its strings retained
                // and released again) for each of a million nodes was a tenth of loading a set.
                do throws(YAMLError) {
                    switch event.type {
                    case YAML_DOCUMENT_START_EVENT:
                        try handler(.documentStart, text)
                    case YAML_DOCUMENT_END_EVENT:
                        try handler(.documentEnd, text)
                    case YAML_ALIAS_EVENT:
                        try handler(.alias(anchor: string(event.data.alias.anchor) ?? "", at: position), text)
                    case YAML_SCALAR_EVENT:
                        let scalar = event.data.scalar
                        let width = event.end_mark.line == event.start_mark.line
                            ? Int(event.end_mark.column) - Int(event.start_mark.column) : 0
                        let start = text.count
                        if let value = scalar.value, scalar.length > 0 {
                            text.append(contentsOf: UnsafeBufferPointer(start: value, count: scalar.length))
                        }
                        // A plain scalar with a tag of `!` (non-specific) is reported by libyaml as tag "!".
                        try handler(.scalar(
                            text: start..<text.count,
                            style: style(scalar.style),
                            anchor: string(scalar.anchor),
                            tag: string(scalar.tag),
                            at: position,
                            width: width
                        ), text)
                    case YAML_SEQUENCE_START_EVENT:
                        try handler(.sequenceStart(
                            anchor: string(event.data.sequence_start.anchor),
                            tag: string(event.data.sequence_start.tag),
                            at: position
                        ), text)
                    case YAML_SEQUENCE_END_EVENT:
                        try handler(.sequenceEnd, text)
                    case YAML_MAPPING_START_EVENT:
                        try handler(.mappingStart(
                            anchor: string(event.data.mapping_start.anchor),
                            tag: string(event.data.mapping_start.tag),
                            at: position
                        ), text)
                    case YAML_MAPPING_END_EVENT:
                        try handler(.mappingEnd, text)
                    case YAML_STREAM_END_EVENT:
                        return .success(())
                    default:
                        break
                    }
                } catch {
                    return .failure(error)
                }
            }
        }
        try result.get()
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func style(_ style: yaml_scalar_style_t) -> Scalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private static func cString(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// libyaml's error, with its problem, its context and where each happened.
    private static func error(of parser: yaml_parser_t, in buffer: UnsafeBufferPointer<UInt8>, file: String) -> YAMLError {
        let problem = cString(parser.problem) ?? "unknown error"
        switch parser.error {
        case YAML_READER_ERROR:
            // Reader errors (encoding, control characters) carry a byte offset rather than a mark.
            let position = TextPosition.locate(offset: parser.problem_offset, in: buffer)
            let mark = Mark(file: file, line: position.line, column: position.column)
            let value = parser.problem_value
            let detail: String
            if problem.contains("UTF-8") || problem.contains("UTF-16") {
                detail = "the file is not valid UTF-8: \(problem)" + (value >= 0 ? " (byte 0x\(hex(value)))" : "")
            } else if problem.contains("control characters") {
                detail = "control character 0x\(hex(value)) is not allowed in YAML; is this a binary file?"
            } else {
                detail = problem
            }
            return YAMLError(mark: mark, message: detail)
        case YAML_MEMORY_ERROR:
            return YAMLError(mark: Mark(file: file, line: 1, column: 1), message: "libyaml ran out of memory")
        default:
            let mark = Mark(
                file: file,
                line: Int(parser.problem_mark.line) + 1,
                column: Int(parser.problem_mark.column) + 1
            )
            var message = "YAML syntax: \(problem)"
            let context = cString(parser.context)
            if let context {
                message += " (\(context) at line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1))"
            }
            let index = Int(parser.problem_mark.index)
            let character = index < buffer.count ? buffer[index] : nil
            message += hint(problem: problem, context: context, at: character)
            return YAMLError(mark: mark, message: message)
        }
    }

    /// What to do about libyaml's most puzzling messages, said in the terms of what was written;
    /// `character` is the byte the problem is at.
    private static func hint(problem: String, context: String?, at character: UInt8?) -> String {
        if character == UInt8(ascii: "\t"), problem.contains("cannot start any token") || problem.contains("tab") {
            return "; YAML does not allow tabs in indentation: indent with spaces"
        }
        if let context, context.contains("scanning an alias") || context.contains("scanning an anchor") {
            let sign = context.contains("alias") ? "*" : "&"
            return "; a plain value cannot start with '\(sign)', which YAML reads as \(sign == "*" ? "an alias" : "an anchor"): "
                + "quote the value, as in cron: \"*/30 * * ? * *\""
        }
        return ""
    }

    private static func hex(_ value: Int32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return digits.count < 2 ? "0" + digits : digits
    }
}
