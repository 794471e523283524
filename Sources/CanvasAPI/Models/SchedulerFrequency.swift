import Foundation
import JSONSupport

/// A workflow's schedule as the API carries it: a JSON object `{"cronSchedule": "…"}` that is itself
/// encoded inside a string (`"schedulerFrequency": "{\"cronSchedule\":\"0 0 2,6 ? * TUE *\"}"`),
/// written with varying white space. The cron expression is Quartz style (seconds first, `?`, an
/// optional year).
///
/// Codable as that string form, since it is the only form the API uses (``Workflow/schedulerFrequency``,
/// ``UpdateWorkfowSchedulerApiDto/scheduleFrequency``); decoding also accepts the bare object.
/// Encoding always writes the compact form, ``encoded``.
public struct SchedulerFrequency: Sendable, Hashable, Codable {
    /// The Quartz cron expression, exactly as the server wrote it.
    public var cronSchedule: String

    /// Why a `schedulerFrequency` string could not be read.
    public struct FormatError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The string that was not a `{"cronSchedule": "…"}` object.
        public var text: String

        public init(text: String) { self.text = text }

        public var description: String {
            "expected a JSON object with a string \"cronSchedule\" in the schedule frequency, found \(String(reflecting: text))"
        }
    }

    public init(cronSchedule: String) {
        self.cronSchedule = cronSchedule
    }

    /// Reads the string form: a JSON object with a string `cronSchedule` (other members ignored),
    /// with any white space (`"{ \"cronSchedule\": \"0 0 * ? * *\"}"`).
    public init(encoded: String) throws(FormatError) {
        // Read member by member (every workflow of a list has one): as for a parse, the first of
        // repeated members is the one that counts.
        let cron = try? JSONParser.read(Array(encoded.utf8)) { (cursor) throws(JSONParser.Failure) -> String? in
            guard try cursor.kind() == .object else {
                try cursor.skip()
                return nil
            }
            var cron: String?
            var seen = false
            try cursor.members { (member, name) throws(JSONParser.Failure) in
                guard name == "cronSchedule", !seen else { return try member.skip() }
                seen = true
                if try member.kind() == .string { cron = try member.string() } else { try member.skip() }
            }
            return cron
        }
        guard let cron = cron ?? nil else { throw FormatError(text: encoded) }
        self.init(cronSchedule: cron)
    }

    /// The string form, compact: `{"cronSchedule":"0 0/5 * ? * * *"}`.
    public var encoded: String {
        JSONValue.object(["cronSchedule": .string(cronSchedule)]).jsonText
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            do {
                try self.init(encoded: text)
            } catch {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
            }
        } else {
            self.init(cronSchedule: try container.decode(Object.self).cronSchedule)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(encoded)
    }

    private struct Object: Codable {
        var cronSchedule: String
    }
}
