import Foundation
import Testing
import YAML

/// The scripts of the CI recipes that post the plan on a pull or merge request, run by bash as the
/// platforms run them, with stand-ins for canvasctl, `gh` and `curl` that answer as the real ones
/// do: one comment per request, found by its hidden marker and edited, or made when there is none;
/// the summary line first; a plan longer than a comment holds cut at a line, with a note.
struct CIRecipeCommentTests {
    static let marker = "<!-- canvasctl-plan -->"

    /// The value of `key` in a mapping node.
    static func value(_ node: Node?, _ key: String) -> Node? {
        guard let pairs = node?.pairs, let index = pairs.firstIndex(ofKey: key) else { return nil }
        return pairs[index].value
    }

    static func recipe(_ path: String) throws -> Node {
        let result = YAMLLoader().load(try String(contentsOfFile: CLI.repositoryRoot + "/" + path, encoding: .utf8), file: path)
        return try #require(result.documents.first)
    }

    /// The `run:` of the step named `step` of a GitHub job.
    static func githubStep(_ job: String, _ step: String) throws -> String {
        let steps = try #require(value(value(value(try recipe("examples/ci/github/canvasctl.yml"), "jobs"), job), "steps")?.items)
        let found = try #require(steps.first { value($0, "name")?.scalar?.text == step }, "no step \(step) in job \(job)")
        return try #require(value(found, "run")?.scalar?.text)
    }

    /// The `script:` of a GitLab job, one command a line.
    static func gitlabScript(_ job: String) throws -> String {
        let items = try #require(value(value(try recipe("examples/ci/gitlab/.gitlab-ci.yml"), job), "script")?.items)
        return items.compactMap { $0.scalar?.text }.joined(separator: "\n")
    }

    /// A Markdown plan shaped as `plan --format markdown` prints it, with `count` changes.
    static func markdownPlan(changes count: Int) -> String {
        var lines = ["### canvasctl plan", "", "**Plan: \(count) to add, 0 to change, 0 to replace, 0 to destroy.**", ""]
        if count > 20 { lines += ["<details><summary>\(count) changes</summary>", ""] }
        lines += ["| | resource | action | why |", "| --- | --- | --- | --- |"]
        lines += (0..<count).map { "| `+` | `workflow.w\($0)` | create |  |" }
        if count > 20 { lines += ["", "</details>"] }
        lines += ["", "<details><summary>Details</summary>", "", "```diff", "canvasctl will perform the following actions:", ""]
        for index in 0..<count {
            lines += ["  # workflow.w\(index) will be created", "+   workflow \"w\(index)\" {", "+       name = \"Workflow \(index)\"", "    }", ""]
        }
        lines += ["Plan: \(count) to add, 0 to change, 0 to replace, 0 to destroy.", "```", "", "</details>", ""]
        return lines.joined(separator: "\n")
    }

    /// A folder with the plan to print and stand-ins for the programs the scripts call.
    struct Workspace {
        let path: String
        var bin: String { path + "/bin" }

        init(plan: String) throws {
            path = try CLI.temporaryDirectory()
            try FileManager.default.createDirectory(atPath: path + "/bin", withIntermediateDirectories: true)
            try plan.write(toFile: path + "/stub-plan.md", atomically: true, encoding: .utf8)
            try stub("canvasctl", """
                case "$1" in
                  validate) exit 0 ;;
                  plan) cat "$STUB_DIR/stub-plan.md"; exit 2 ;;
                esac
                exit 1
                """)
            // gh api: the list of comments is STUB_COMMENTS, through the --jq filter given (jq reads
            // it as gh's built-in jq does); an edit or a new comment records its body.
            try stub("gh", """
                echo "gh $*" >> "$STUB_DIR/calls.log"
                case "$*" in
                  *--paginate*)
                    while [ "$1" != "--jq" ]; do shift; done
                    printf '%s' "$STUB_COMMENTS" | jq -r "$2"; exit ;;
                esac
                for argument; do case "$argument" in body=@*) cp "${argument#body=@}" "$STUB_DIR/posted.md" ;; esac; done
                """)
            // curl: GitLab's API: the token's user is 42; notes come in two pages (STUB_PAGE1, STUB_PAGE2).
            try stub("curl", """
                echo "curl $*" >> "$STUB_DIR/calls.log"
                url=""; out=""; headers=""; body=""
                while [ $# -gt 0 ]; do
                  case "$1" in
                    --output) out=$2; shift ;;
                    --dump-header) headers=$2; shift ;;
                    --data-urlencode) body=${2#body@}; shift ;;
                    --header|--request) shift ;;
                    http*) url=$1 ;;
                  esac
                  shift
                done
                case "$url" in
                  */user) answer='{"id": 42}' ;;
                  *notes\\?*page=1) answer=$STUB_PAGE1; printf 'HTTP/2 200\\r\\nX-Next-Page: 2\\r\\n\\r\\n' > "$headers" ;;
                  *notes\\?*page=2) answer=$STUB_PAGE2; printf 'HTTP/2 200\\r\\nX-Next-Page: \\r\\n\\r\\n' > "$headers" ;;
                  *) cp "$body" "$STUB_DIR/posted.md"; answer='{}' ;;
                esac
                if [ -n "$out" ]; then printf '%s' "$answer" > "$out"; else printf '%s' "$answer"; fi
                """)
        }

        func stub(_ name: String, _ body: String) throws {
            let file = bin + "/" + name
            try ("#!/bin/sh\n" + body + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
        }

        func read(_ name: String) -> String { (try? String(contentsOfFile: path + "/" + name, encoding: .utf8)) ?? "" }

        /// Runs `script` as the platforms do (`bash -eo pipefail`), in this folder.
        func run(_ script: String, environment: [String: String]) async throws -> (status: Int32, output: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["--noprofile", "--norc", "-eo", "pipefail", "-c", script]
            process.currentDirectoryURL = URL(fileURLWithPath: path)
            process.environment = ["PATH": bin + ":/usr/bin:/bin", "STUB_DIR": path, "MANIFESTS": "manifests", "LANG": "C.UTF-8"]
                .merging(environment) { $1 }
            let log = path + "/output.log"
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            let exit = ProcessExit(process)
            try process.run()
            await exit.wait()
            try handle.close()
            return (process.terminationStatus, read("output.log"))
        }

        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    static let githubEnvironment = [
        "GITHUB_SERVER_URL": "https://github.example", "GITHUB_REPOSITORY": "acme/manifests", "GITHUB_RUN_ID": "314",
        "PR_NUMBER": "7", "HEAD_SHA": "0123abcd", "GH_TOKEN": "ghs_not-a-real-token",
    ]

    /// Balanced `<details>` and code fences: what is cut still renders as Markdown.
    static func isBalanced(_ markdown: String) -> Bool {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        let fences = lines.filter { $0.hasPrefix("```") }.count
        return fences % 2 == 0
            && markdown.components(separatedBy: "<details>").count == markdown.components(separatedBy: "</details>").count
    }

    @Test("GitHub: a long plan is cut to what a comment holds, with a note; the run's summary has all of it")
    func githubLongPlan() async throws {
        let plan = Self.markdownPlan(changes: 1500)
        #expect(plan.count > 100_000, "longer than a comment and shorter than a summary")
        let workspace = try Workspace(plan: plan)
        defer { workspace.remove() }
        var environment = Self.githubEnvironment
        environment["GITHUB_STEP_SUMMARY"] = workspace.path + "/summary.md"
        let result = try await workspace.run(try Self.githubStep("plan", "Validate and plan"), environment: environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(workspace.read("summary.md") == plan)

        let comment = workspace.read("comment.md")
        #expect(comment.count < 64_000 && comment.count > 60_000, "\(comment.count)")
        #expect(comment.hasPrefix("### canvasctl plan\n\n**Plan: 1500 to add, 0 to change, 0 to replace, 0 to destroy.**\n"))
        #expect(comment.hasSuffix(
            "\n```\n\n</details>\n\n**The plan is cut here: it is longer than a comment can hold. The whole plan is in the [summary of run 314](https://github.example/acme/manifests/actions/runs/314).**\n"
        ), "\(comment.suffix(300))")
        #expect(Self.isBalanced(comment))

        // The comment job: the marker first, then the plan; made, as there is none yet.
        let posted = try await workspace.run(try Self.githubStep("comment", "Comment"), environment: environment.merging(["STUB_COMMENTS": "[]"]) { $1 })
        #expect(posted.status == 0, "\(posted.output)")
        let body = workspace.read("posted.md")
        #expect(body.hasPrefix(Self.marker + "\n### canvasctl plan\n\n**Plan: 1500 to add"))
        #expect(body.count < 65_536, "\(body.count)")
        #expect(body.hasSuffix("<sub>Commit 0123abcd, [run 314](https://github.example/acme/manifests/actions/runs/314). This comment is edited on every push.</sub>\n"))
        #expect(workspace.read("calls.log").contains("gh api --method POST repos/acme/manifests/issues/7/comments -F body=@body.md"))
        #expect(!posted.output.contains("ghs_not-a-real-token") && !body.contains("ghs_not-a-real-token"))
    }

    @Test("GitHub: a plan that fits goes whole; the comment found by its marker is edited, not a new one made")
    func githubEditsItsComment() async throws {
        let plan = Self.markdownPlan(changes: 3)
        let workspace = try Workspace(plan: plan)
        defer { workspace.remove() }
        var environment = Self.githubEnvironment
        environment["GITHUB_STEP_SUMMARY"] = workspace.path + "/summary.md"
        let result = try await workspace.run(try Self.githubStep("plan", "Validate and plan"), environment: environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(workspace.read("comment.md") == plan)

        // Someone's comment quoting the marker, another comment of the bot, then the plan's comment.
        environment["STUB_COMMENTS"] = #"""
            [{"id": 1000, "user": {"login": "alice"}, "body": "<!-- canvasctl-plan --> quoted"},
             {"id": 1001, "user": {"login": "github-actions[bot]"}, "body": "Deployed."},
             {"id": 1002, "user": {"login": "github-actions[bot]"}, "body": "<!-- canvasctl-plan -->\n### canvasctl plan"},
             {"id": 1003, "user": {"login": "github-actions[bot]"}, "body": "<!-- canvasctl-plan -->\n### canvasctl plan"}]
            """#
        let posted = try await workspace.run(try Self.githubStep("comment", "Comment"), environment: environment)
        #expect(posted.status == 0, "\(posted.output)")
        let calls = workspace.read("calls.log")
        #expect(calls.contains("gh api --paginate repos/acme/manifests/issues/7/comments --jq"), "\(calls)")
        #expect(calls.contains("gh api --method PATCH repos/acme/manifests/issues/comments/1002 -F body=@body.md"), "\(calls)")
        #expect(!calls.contains("--method POST"), "\(calls)")
        #expect(workspace.read("posted.md") == Self.marker + "\n" + plan
            + "\n<sub>Commit 0123abcd, [run 314](https://github.example/acme/manifests/actions/runs/314). This comment is edited on every push.</sub>\n")
    }

    static let gitlabEnvironment = [
        "CI_API_V4_URL": "https://gitlab.example/api/v4", "CI_PROJECT_ID": "12", "CI_MERGE_REQUEST_IID": "5",
        "CI_COMMIT_SHORT_SHA": "0123abcd", "CI_JOB_ID": "99", "CI_JOB_URL": "https://gitlab.example/acme/manifests/-/jobs/99",
        "CANVASCTL_GITLAB_TOKEN": "glpat-not-a-real-token",
    ]

    @Test("GitLab: the note written by the token's user with the marker is edited, across pages; others are left alone")
    func gitlabEditsItsNote() async throws {
        let plan = Self.markdownPlan(changes: 3)
        let workspace = try Workspace(plan: plan)
        defer { workspace.remove() }
        var environment = Self.gitlabEnvironment
        // Page 1: someone else's note quoting the marker, and a system note. Page 2: the pipeline's.
        environment["STUB_PAGE1"] = #"[{"id": 1, "system": false, "author": {"id": 7}, "body": "<!-- canvasctl-plan --> quoted"}, {"id": 2, "system": true, "author": {"id": 1}, "body": "added 1 commit"}]"#
        environment["STUB_PAGE2"] = #"[{"id": 3, "system": false, "author": {"id": 42}, "body": "<!-- canvasctl-plan -->\n### canvasctl plan"}]"#
        let result = try await workspace.run(try Self.gitlabScript("plan"), environment: environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Plan note updated on merge request !5."), "\(result.output)")
        let calls = workspace.read("calls.log")
        #expect(calls.contains("--request PUT --data-urlencode body@note.md https://gitlab.example/api/v4/projects/12/merge_requests/5/notes/3"), "\(calls)")
        #expect(!calls.contains("--request POST"), "\(calls)")
        #expect(workspace.read("posted.md") == Self.marker + "\n" + plan
            + "\n<sub>Commit 0123abcd, [job 99](https://gitlab.example/acme/manifests/-/jobs/99). This note is edited on every push.</sub>\n")
        #expect(!result.output.contains("glpat-not-a-real-token"))
    }

    @Test("GitLab: without a note of its own the job makes one")
    func gitlabMakesANote() async throws {
        let workspace = try Workspace(plan: Self.markdownPlan(changes: 3))
        defer { workspace.remove() }
        var environment = Self.gitlabEnvironment
        environment["STUB_PAGE1"] = #"[{"id": 1, "system": false, "author": {"id": 7}, "body": "<!-- canvasctl-plan --> quoted"}]"#
        environment["STUB_PAGE2"] = "[]"
        let result = try await workspace.run(try Self.gitlabScript("plan"), environment: environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Plan posted on merge request !5."), "\(result.output)")
        #expect(workspace.read("calls.log").contains("--request POST --data-urlencode body@note.md https://gitlab.example/api/v4/projects/12/merge_requests/5/notes"))
        #expect(workspace.read("posted.md").hasPrefix(Self.marker + "\n### canvasctl plan\n\n**Plan: 3 to add"))
    }
}
