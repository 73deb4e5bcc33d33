/// How sure a framework is that a workspace is its own, from the files at its top. Detection takes the strongest
/// claim; among equal claims, the framework registered first.
public enum WorkspaceClaim: Int, Comparable, Sendable {
    /// Not this framework's.
    case none
    /// The framework's own configuration is there (pytest.ini, Package.swift).
    case configured
    /// A more specific sign than a neighbour's configuration: Django's manage.py next to a pyproject.toml.
    case preferred

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
