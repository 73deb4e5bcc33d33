import FanoutCore

extension WorkspaceFramework {
    /// Steps `planner` to its result, answering each of its questions with this framework.
    public func answer<Result>(
        _ planner: inout RunPlanner, until step: (RunPlanner) throws -> PlanningStep<Result>
    ) throws -> Result {
        while true {
            switch try step(planner) {
            case .ready(let result):
                return result
            case .ask(.marked(let marker, let scopes)):
                planner.answer(marked: marker, among: scopes, found: try self.scopes(marked: marker, among: scopes))
            case .ask(.tests(let scopes)):
                planner.answer(tests: try collect(scopes), of: scopes)
            }
        }
    }
}
