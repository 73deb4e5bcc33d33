/// Version of the controller-agent protocol. Both sides send it in `hello`; a mismatch stops the run.
public enum ProtocolVersion {
    public static let current = 1
}
