/// The planner's next step: a question for the framework, or the finished result.
public enum PlanningStep<Result: Sendable>: Sendable {
    case ask(PlanningQuestion)
    case ready(Result)
}
