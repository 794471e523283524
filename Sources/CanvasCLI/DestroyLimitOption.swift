import ArgumentParser

/// `--max-destroy N`: how many deletes a plan may hold before `plan` flags it and `apply` refuses
/// it without `--allow-destroy` (``Reconciler/DestroyGuard``).
struct DestroyLimitOption: ParsableArguments {
    @Option(name: .customLong("max-destroy"), help: ArgumentHelp(
        "Flag a plan that destroys more than N resources; apply refuses it without --allow-destroy. (A plan that destroys every resource the state manages in an account is always flagged.)",
        valueName: "N"
    ))
    var maxDestroy: Int?

    func validate() throws {
        if let maxDestroy, maxDestroy < 0 {
            throw ValidationError("--max-destroy takes a number of at least 0, as in --max-destroy 5.")
        }
    }
}
