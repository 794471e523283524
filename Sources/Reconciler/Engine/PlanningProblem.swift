/// Why the engine cannot plan: a manifest resource whose live counterpart cannot be told (a pinned
/// id that does not exist, several live resources with its name), or a protected resource the plan
/// would replace or delete. `location` is where the manifest declares it; nil when the state is
/// the cause (a protected resource no longer in the manifests).
public struct PlanningProblem<Location: Sendable>: Sendable, CustomStringConvertible {
    public var message: String
    public var location: Location?

    public init(_ message: String, at location: Location?) {
        self.message = message
        self.location = location
    }

    public var description: String { message }
}

/// Every problem of one plan, in the order of the manifests (then of the state's addresses).
public struct PlanningProblems<Location: Sendable>: Error, Sendable, CustomStringConvertible {
    public var problems: [PlanningProblem<Location>]

    public init(_ problems: [PlanningProblem<Location>]) {
        self.problems = problems
    }

    public var description: String { problems.map(\.message).joined(separator: "\n") }
}
