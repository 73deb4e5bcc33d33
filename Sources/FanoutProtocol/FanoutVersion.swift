/// Fanout's release version, reported by both executables and compared in `hello`.
public enum FanoutVersion {
    public static let string = "0.1.0"
}
