import FanoutCore
import Testing

@Suite struct ThreadPoolLimitsTests {
    @Test(arguments: [(8, 2, 4), (8, 3, 2), (2, 4, 1), (1, 1, 1), (16, 0, 16)])
    func eachSlotGetsItsShareOfTheCPUsAndAtLeastOne(cpus: Int, slots: Int, threads: Int) {
        #expect(ThreadPoolLimits.threadsPerSlot(cpus: cpus, slots: slots) == threads)
    }

    @Test func onlyTheVariablesTheUserLeftUnsetAreSet() {
        let limited = ThreadPoolLimits.applied(to: ["OMP_NUM_THREADS": "6", "PATH": "/bin"], threads: 2)
        #expect(limited["OMP_NUM_THREADS"] == "6" && limited["PATH"] == "/bin")
        for variable in ThreadPoolLimits.variables where variable != "OMP_NUM_THREADS" {
            #expect(limited[variable] == "2")
        }
        #expect(limited.count == ThreadPoolLimits.variables.count + 1)
    }
}
