import ArgumentParser
import CanvasCLI
import Foundation
import Testing
import YAML

/// The CI recipes in examples/ci/ are YAML, and every canvasctl command in them parses with the
/// real command line: a renamed flag or command fails here before it fails in someone's pipeline.
struct CIRecipeTests {
    static let recipes = ["examples/ci/github/canvasctl.yml", "examples/ci/gitlab/.gitlab-ci.yml"]

    /// The canvasctl command lines of a recipe's scripts: each line that starts with `canvasctl`
    /// (after `- ` or `run: `), cut at the first redirection, pipe or `||`, split into words, with
    /// quoted shell expansions standing for one word.
    static func commands(in text: String) -> [[String]] {
        var commands: [[String]] = []
        for rawLine in text.split(separator: "\n") {
            var line = rawLine.drop { $0 == " " }
            for prefix in ["- ", "run: "] where line.hasPrefix(prefix) { line = line.dropFirst(prefix.count) }
            guard line.hasPrefix("canvasctl ") else { continue }
            var words: [String] = []
            var word = ""
            var quoted = false
            scan: for character in line.dropFirst("canvasctl ".count) {
                switch character {
                case "\"": quoted.toggle()
                case " " where !quoted:
                    if !word.isEmpty { words.append(word); word = "" }
                case _ where !quoted && ">|;&".contains(character):
                    break scan
                default: word.append(character)
                }
            }
            if !word.isEmpty { words.append(word) }
            while let last = words.last, last.allSatisfy(\.isNumber) { words.removeLast() }  // `2` of `2>`
            commands.append(words)
        }
        return commands
    }

    @Test("each recipe is YAML that loads", arguments: recipes)
    func loads(_ path: String) throws {
        let result = YAMLLoader().load(try String(contentsOfFile: CLI.repositoryRoot + "/" + path, encoding: .utf8), file: path)
        #expect(result.errors.isEmpty, "\(result.errors)")
    }

    @Test("every canvasctl command in the recipes parses, and they plan, apply and check drift", arguments: recipes)
    func commandsParse(_ path: String) throws {
        let commands = Self.commands(in: try String(contentsOfFile: CLI.repositoryRoot + "/" + path, encoding: .utf8))
        #expect(commands.contains { $0.first == "plan" && $0.contains("--detailed-exitcode") }, "a drift check")
        #expect(commands.contains { $0.first == "plan" && $0.contains("--out") }, "a saved plan")
        #expect(commands.contains { $0.first == "apply" && $0.contains("--plan") }, "an apply of the saved plan")
        #expect(commands.contains { $0.first == "plan" && $0.contains("markdown") }, "a Markdown plan for the review")
        for command in commands {
            #expect(throws: Never.self, "\(path): canvasctl \(command.joined(separator: " "))") {
                _ = try Canvasctl.parseAsRoot(command)
            }
        }
    }

    @Test("the extraction finds commands and refuses a flag canvasctl does not have")
    func extractionCanFail() {
        let commands = Self.commands(in: """
            script:
              - canvasctl plan "$MANIFESTS" --format markdown > plan.md 2> err.log || code=$?
                canvasctl apply --plan "$RUNNER_TEMP/canvasctl.plan"
              - echo "canvasctl plan failed"
            run: canvasctl plan manifests --no-such-flag
            """)
        #expect(commands == [["plan", "$MANIFESTS", "--format", "markdown"], ["apply", "--plan", "$RUNNER_TEMP/canvasctl.plan"], ["plan", "manifests", "--no-such-flag"]])
        #expect(throws: (any Error).self) { _ = try Canvasctl.parseAsRoot(commands[2]) }
    }
}
