/// Version of the controller-agent protocol. Both sides send it in `hello`; a mismatch stops the run.
/// 2: the controller sends heartbeats too, and its hello says after how much silence the agent gives up.
/// 3: the controller may stop one batch (`cancelBatch`), a straggler's copy that lost the race.
public enum ProtocolVersion {
    public static let current = 3
}
