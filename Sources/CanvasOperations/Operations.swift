/// canvasctl's operations — ``plan(_:events:)``, ``apply(_:parallelism:stopRequested:events:)``,
/// ``export(_:events:)``, ``run(_:)``, ``importResource(_:)``, and the state's surgery
/// (``removeFromState(_:state:lockTimeout:environment:)``, ``moveInState(_:to:state:lockTimeout:environment:)``) —
/// as async functions over values, below the commands.
///
/// They exist so that the orchestration (loading, connecting, reading, locking, planning, carrying
/// out, committing) is one thing that commands, tests and other programs call alike: inputs are
/// values, results are values, failures are ``OperationError``s, and progress comes as events
/// through a callback. Nothing here writes to stdout or stderr, asks a question or exits: the
/// commands render, prompt and choose exit codes.
public enum Operations {}
