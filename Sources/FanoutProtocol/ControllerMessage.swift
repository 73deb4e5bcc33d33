import FanoutCore

/// Messages from controller to agent, one JSON object per line: `{"type":"batch","slot":1,"batch":{...}}`.
public enum ControllerMessage: Sendable, Equatable {
    case hello(ControllerHello)
    /// Run `batch` in `slot` (the answer to that slot's `ready`).
    case batch(slot: Int, batch: Batch)
    /// Stop every running batch now (kill its process group) and report it cancelled.
    case cancel
    /// Stop batch `batchID` if `slot` still runs it (a straggler's copy that lost the race); a batch that
    /// already ended is left alone, and so is the slot's next one.
    case cancelBatch(slot: Int, batchID: Int)
    /// No more work: finish and exit.
    case shutdown
    /// The controller is alive; an agent that hears nothing for `heartbeatTimeout` stops its tests and exits.
    case heartbeat
}

extension ControllerMessage: Codable {
    private enum Kind: String, Codable { case hello, batch, cancel, cancelBatch, shutdown, heartbeat }
    private enum Key: String, CodingKey { case type, hello, slot, batch, batchID }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        switch try container.decode(Kind.self, forKey: .type) {
        case .hello: self = .hello(try container.decode(ControllerHello.self, forKey: .hello))
        case .batch:
            self = .batch(
                slot: try container.decode(Int.self, forKey: .slot),
                batch: try container.decode(Batch.self, forKey: .batch))
        case .cancel: self = .cancel
        case .cancelBatch:
            self = .cancelBatch(
                slot: try container.decode(Int.self, forKey: .slot),
                batchID: try container.decode(Int.self, forKey: .batchID))
        case .shutdown: self = .shutdown
        case .heartbeat: self = .heartbeat
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .hello(let hello):
            try container.encode(Kind.hello, forKey: .type)
            try container.encode(hello, forKey: .hello)
        case .batch(let slot, let batch):
            try container.encode(Kind.batch, forKey: .type)
            try container.encode(slot, forKey: .slot)
            try container.encode(batch, forKey: .batch)
        case .cancel: try container.encode(Kind.cancel, forKey: .type)
        case .cancelBatch(let slot, let batchID):
            try container.encode(Kind.cancelBatch, forKey: .type)
            try container.encode(slot, forKey: .slot)
            try container.encode(batchID, forKey: .batchID)
        case .shutdown: try container.encode(Kind.shutdown, forKey: .type)
        case .heartbeat: try container.encode(Kind.heartbeat, forKey: .type)
        }
    }
}
