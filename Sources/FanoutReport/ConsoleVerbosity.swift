/// How much the console says as a run goes: `-q` only failures, problems and the summary; `-v` a line per test too.
public enum ConsoleVerbosity: Sendable {
    case quiet
    case normal
    case verbose
}
