import Foundation
import Testing

@testable import FanoutAdapters

/// The warm worker's page copies ahead, on a real forked Python process: a learning child reports the pages it
/// wrote; a later child copies them before it writes, so its writes no longer fault, and nothing changes.
@Suite struct WarmPageCopiesTests {
    static let probe = #"""
        import ctypes, importlib.util, json, mmap, os, resource, sys

        spec = importlib.util.spec_from_file_location("fanout_page_copies", sys.argv[1])
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        PAGE = module.PAGE
        pages = mmap.mmap(-1, 64 * PAGE, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        for index in range(64):
            pages[index * PAGE] = 1
        base = ctypes.addressof(ctypes.c_char.from_buffer(pages))
        copies = module.PageCopies(True)


        def child(learner):
            """Writes the first 32 pages in a fork; returns its faults while writing and whether all read 1 first."""
            faults, faults_by_child = os.pipe()
            report, report_by_child = os.pipe()
            pid = os.fork()
            if pid == 0:
                if not learner:
                    copies.copy_ahead(learner=False)
                unchanged = all(pages[index * PAGE] == 1 for index in range(64))
                before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
                for index in range(32):
                    pages[index * PAGE] = 2
                after = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
                os.write(faults_by_child, json.dumps([after - before, unchanged]).encode())
                if learner:
                    copies.report(report_by_child)
                os._exit(0)
            os.close(faults_by_child)
            os.close(report_by_child)
            if learner:
                copies.learn(report)
            else:
                os.close(report)
            result = json.loads(os.read(faults, 4096))
            os.waitpid(pid, 0)
            return result


        learner_faults, learner_unchanged = child(learner=True)
        learned = set(copies.pages)
        copied_faults, copied_unchanged = child(learner=False)
        pages.close()  # the learned pages are unmapped now: copying them ahead must do no harm
        after_unmap = os.fork()
        if after_unmap == 0:
            copies.copy_ahead(learner=False)
            os._exit(0)
        _, status = os.waitpid(after_unmap, 0)
        print(json.dumps({
            "learner_faults": learner_faults, "copied_faults": copied_faults,
            "unchanged": learner_unchanged and copied_unchanged,
            "written_learned": all(base + index * PAGE in learned for index in range(32)),
            "unwritten_learned": any(base + index * PAGE in learned for index in range(32, 64)),
            "exit_after_unmap": os.waitstatus_to_exitcode(status),
            "disabled_learns": module.PageCopies(False).take_learner(),
        }))
        """#

    @Test func laterChildrenFindThePagesEarlierOnesWroteAlreadyCopied() throws {
        let directory = try TemporaryWorkspace.make(
            [
                PytestWarmPageCopiesSource.fileName: PytestWarmPageCopiesSource.module, "probe.py": Self.probe,
            ], prefix: "fanout-page-copies")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", directory + "/probe.py", directory + "/" + PytestWarmPageCopiesSource.fileName,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(String(decoding: data, as: UTF8.self))")
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((result["learner_faults"] as? Int ?? 0) >= 32, "\(result)")
        #expect((result["copied_faults"] as? Int ?? 99) < 4, "\(result)")
        #expect(result["unchanged"] as? Bool == true)
        #expect(result["written_learned"] as? Bool == true)
        #expect(result["unwritten_learned"] as? Bool == false)
        #expect(result["exit_after_unmap"] as? Int == 0)
        #expect(result["disabled_learns"] as? Bool == false, "copying ahead turned off: no child learns")
    }
}
