/// pytest-xdist's `--dist load` as its LoadScheduling does it: a first round deals `max(tests / 4,
/// 2 * workers)` tests one at a time to the workers in turn; afterwards, when a worker has fewer than
/// `max(2, pending / workers / 4)` tests queued it is topped up to `max(2, pending / workers / 2)`. Tests go
/// in collection order and no durations are used. Each worker starts (and collects) once.
struct XdistLoadModel {
    let simulator: Simulator

    func run() -> (Double, Int) {
        let workers = simulator.settings.totalSlots
        var pending = simulator.actual.joined().map { $0 }[...]
        var queues = Array(repeating: [Double](), count: workers)
        let initial = min(pending.count, max(pending.count / 4, 2 * workers))
        for index in 0..<initial { queues[index % workers].append(pending.removeFirst()) }
        var clocks = Array(repeating: simulator.settings.batchOverhead, count: workers)
        while queues.contains(where: { !$0.isEmpty }) {
            // The worker whose current test ends first finishes it.
            let worker = queues.indices.filter { !queues[$0].isEmpty }.min {
                clocks[$0] + queues[$0][0] < clocks[$1] + queues[$1][0]
            }!
            clocks[worker] += queues[worker].removeFirst()
            let minimum = max(2, pending.count / workers / 4)
            if !pending.isEmpty && queues[worker].count < minimum {
                let target = max(2, pending.count / workers / 2)
                while queues[worker].count < target, let next = pending.first {
                    pending.removeFirst()
                    queues[worker].append(next)
                }
            }
        }
        return (clocks.max() ?? 0, workers)
    }
}
