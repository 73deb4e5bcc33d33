/// One setting of a framework's own config file (`testpaths` in pytest.ini or pyproject.toml), as the framework
/// needs it: the text it holds, or the texts of an array.
public enum ProjectSetting: Sendable, Equatable {
    case text(String)
    /// An array's string items (items of other types are left out).
    case list([String])
    /// A number, a table, a date: nothing a framework's discovery reads.
    case other
}
