/// What the planner must learn from the framework before it can go on (the answer takes a test process).
public enum PlanningQuestion: Sendable, Equatable {
    /// Which of `scopes` hold a test that carries mark `marker`.
    case marked(String, among: [String])
    /// The test ids of each of `scopes`, in collection order.
    case tests(of: [String])
}
