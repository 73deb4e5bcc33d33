import FanoutCore
import FanoutReport
import Foundation
import Testing

/// Django batches run in forks of one warm worker per slot, themselves forks of the host's zygote, which
/// imported Django (and `warm_imports`) once: each fork still reads the settings and makes its own test database.
@Suite(.enabled(if: Django.installed, "needs Django: Deploy/install-deps.sh installs it"))
struct DjangoWarmWorkerTests {
    func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func djangoBatchesAreForksOfOneWarmWorkerPerSlotAndStillGetTheirOwnDatabase() throws {
        let project = try Harness.copyOfSuite("Tests/Fixtures/django-project")
        defer { try? FileManager.default.removeItem(atPath: project) }
        try
            "import os\n\nwith open(os.path.join(os.path.dirname(__file__), '.imports.log'), 'a') as log:\n    log.write('%d\\n' % os.getpid())\n"
            .write(toFile: project + "/warmed.py", atomically: true, encoding: .utf8)
        let config = try String(contentsOfFile: project + "/fanout.toml", encoding: .utf8)
        try (config + "\nwarm_imports = [\"warmed\"]\n").write(
            toFile: project + "/fanout.toml", atomically: true, encoding: .utf8)
        for index in 0..<4 {
            try """
            import os
            import sys

            from django.test import TestCase

            from polls.models import Question


            class ProcessTest(TestCase):
                def test_runs_in_a_fork_of_the_warm_worker_with_its_own_database(self):
                    self.assertIn("warmed", sys.modules)
                    self.assertEqual(Question.objects.count(), 0)
                    Question.objects.create(text="leaks? %d")
                    with open("/proc/%d/stat" % os.getppid()) as stat:
                        grandparent = int(stat.read().rsplit(")", 1)[1].split()[1])
                    with open(os.path.join(os.path.dirname(sys.modules["warmed"].__file__), ".batches.log"), "a") as log:
                        log.write("%d %d %d\\n" % (os.getpid(), os.getppid(), grandparent))

            """.replacingOccurrences(of: "%d\")", with: "\(index)\")").write(
                toFile: project + "/polls/tests/test_process_\(index).py", atomically: true, encoding: .utf8)
        }
        let json = project + "/report.json"
        let run = try Harness.fanout([
            "run", project, "-n", "2", "--max-batch-files", "1", "--json", json, "--", "--exclude-tag", "hang",
            "--exclude-tag", "crash",
        ])
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        let process = report.tests.filter { $0.scope.contains("test_process_") }
        #expect(process.count == 4 && process.allSatisfy { $0.outcome == .passed }, "\(run.stdout)")
        let importers = lines(project + "/.imports.log")
        #expect(importers.count == 1, "Django and warm_imports imported once, in the zygote: \(importers)")
        let batches = lines(project + "/.batches.log").map { $0.split(separator: " ").map(String.init) }
        #expect(batches.count == 4 && Set(batches.map { $0[0] }).count == 4, "every batch is its own process")
        #expect(Set(batches.map { $0[1] }).count <= 2, "one warm worker per slot: \(batches)")
        #expect(batches.allSatisfy { $0[2] == importers.first }, "every slot's worker is a fork of the zygote")
    }
}
