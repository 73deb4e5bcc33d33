/// Path arithmetic on strings, as NSString's path methods do it, for code that must not link Foundation (the
/// agent links only FoundationEssentials, so that it stays small).
public enum PathText {
    /// `base` and `component` joined by exactly one slash.
    public static func join(_ base: String, _ component: String) -> String {
        if base.isEmpty { return component }
        if component.isEmpty { return base }
        let trimmedBase = base.hasSuffix("/") ? String(base.dropLast()) : base
        let trimmedComponent = component.hasPrefix("/") ? String(component.dropFirst()) : component
        return trimmedBase + "/" + trimmedComponent
    }

    /// The last component: `c` for `/a/b/c` and `/a/b/c/`.
    public static func lastComponent(_ path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        let last = String(trimmed[trimmed.index(after: slash)...])
        return last.isEmpty ? "/" : last
    }

    /// Everything before the last component: `/a/b` for `/a/b/c`, `/` for `/a`, empty for `a`.
    public static func parent(_ path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// The extension of the last component without its dot (`py` for `a/b.py`), empty when there is none.
    public static func pathExtension(_ path: String) -> String {
        let last = lastComponent(path)
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return "" }
        return String(last[last.index(after: dot)...])
    }

    /// The path without the last component's extension.
    public static func deletingExtension(_ path: String) -> String {
        let ext = pathExtension(path)
        return ext.isEmpty ? path : String(trimmingTrailingSlashes(path).dropLast(ext.count + 1))
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var result = Substring(path)
        while result.count > 1 && result.hasSuffix("/") { result = result.dropLast() }
        return String(result)
    }
}
