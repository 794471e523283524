import ArgumentParser
import CanvasProvider
import Reconciler

/// `--target ADDRESS` (repeatable): the resources a partial plan or apply is narrowed to.
struct TargetOptions: ParsableArguments {
    @Option(name: .customLong("target"), help: ArgumentHelp(
        "Plan only this resource, what it depends on and, for a delete, what depends on it: application.KEY, workflow.KEY or schedule.KEY. Repeatable.",
        valueName: "ADDRESS"
    ))
    var targets: [String] = []

    /// The targets as addresses; every one is checked by ``validate()``.
    var addresses: [ResourceAddress] {
        targets.compactMap(Self.address)
    }

    func validate() throws {
        for target in targets where Self.address(target) == nil {
            throw ValidationError(
                "--target takes a resource's address, as in --target workflow.export: "
                    + CanvasPlanner.resourceKinds.map { "\($0).KEY" }.joined(separator: ", ") + "."
            )
        }
    }

    private static func address(_ text: String) -> ResourceAddress? {
        guard let address = ResourceAddress(text), CanvasPlanner.resourceKinds.contains(address.kind), !address.key.contains("~") else { return nil }
        return address
    }
}
