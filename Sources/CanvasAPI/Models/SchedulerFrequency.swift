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
        guard case .object(let members)? = try? JSONParser.parse(Array(encoded.utf8)), case .string(let cron)? = members["cronSchedule"] else {
            throw FormatError(text: encoded)
        }
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
