import CanvasAPI
import CanvasProvider

/// What reading one account gave, by its place in the list of reads. A struct on purpose: a
/// tuple holding a `Result` with a typed error, made by `do throws(…)` in the child task, crashed
/// release builds (Swift 6.3.1, -O) here (a bad pointer when the task group handed the result over).
struct AccountRead: Sendable {
    var index: Int
    var result: Result<LiveState, CanvasAPIError>
}
