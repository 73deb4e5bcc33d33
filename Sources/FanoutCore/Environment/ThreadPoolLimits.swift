/// Thread pools of the numeric libraries sized to the slot. OpenMP, OpenBLAS, MKL, numexpr and Accelerate each
/// start a thread per CPU by default, so N slots of numpy-heavy tests run N x CPUs threads that fight for the
/// same cores; each slot gets its share of the host's CPUs instead, unless the user set a variable.
public enum ThreadPoolLimits {
    /// The variables those libraries read.
    public static let variables = [
        "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
    ]

    /// Each slot's share of the host's CPUs, at least one.
    public static func threadsPerSlot(cpus: Int, slots: Int) -> Int {
        max(1, cpus / max(1, slots))
    }

    /// `environment` with every variable the user did not set set to `threads`.
    public static func applied(to environment: [String: String], threads: Int) -> [String: String] {
        var limited = environment
        for variable in variables where limited[variable] == nil { limited[variable] = String(max(1, threads)) }
        return limited
    }
}
