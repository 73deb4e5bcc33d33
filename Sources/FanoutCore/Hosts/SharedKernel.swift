/// The kernel an agent runs on, as far as it tells whether hosts share CPUs: containers and network namespaces
/// on one machine report the same boot id, and then compete for that kernel's CPUs however many hosts they are.
public struct SharedKernel: Sendable, Equatable, Codable {
    /// The kernel's boot id (`/proc/sys/kernel/random/boot_id`): equal for every host on one running kernel.
    public var id: String
    /// CPUs online in that kernel, whatever share of them one host may use.
    public var cpus: Int

    public init(id: String, cpus: Int) {
        self.id = id
        self.cpus = max(1, cpus)
    }
}
