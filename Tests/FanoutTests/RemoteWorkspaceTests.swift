import FanoutCore
import Testing

/// Where rsync `--delete` may write on a host: only into a directory Fanout created and marked.
@Suite struct RemoteWorkspaceTests {
    let home = "/home/ci"

    func facts(_ kind: RemoteWorkspace.Facts.Kind, real: String? = nil, marker: Bool = false) -> RemoteWorkspace.Facts {
        RemoteWorkspace.Facts(kind: kind, realPath: real, hasMarker: marker, realHome: home)
    }

    @Test func pathsExpandAsSSHExpandsThem() {
        #expect(RemoteWorkspace.expand("~", home: home) == "/home/ci")
        #expect(RemoteWorkspace.expand("~/ws", home: home) == "/home/ci/ws")
        #expect(RemoteWorkspace.expand("ws/x", home: home) == "/home/ci/ws/x")
        #expect(RemoteWorkspace.expand("/srv//ws/./a/../b/", home: home) == "/srv/ws/b")
        #expect(RemoteWorkspace.expand("~other/ws", home: home) == nil)
        #expect(RemoteWorkspace.expand("~/..", home: home) == "/home")
        #expect(RemoteWorkspace.expand("/../..", home: home) == "/")
    }

    @Test(arguments: ["/", "/home", "/home/ci", "/home/ci/", "/home/./ci/sub/.."])
    func theRootTheHomeAndItsAncestorsAreRefusedWhateverTheirState(path: String) {
        for state in [facts(.directory, real: path, marker: true), facts(.missing), facts(.directory, real: path)] {
            guard case .refuse = RemoteWorkspace.decide(path: path, home: home, facts: state) else {
                Issue.record("\(path) was not refused")
                continue
            }
        }
    }

    @Test func aDirectoryThatResolvesToTheHomeIsRefused() {
        let decision = RemoteWorkspace.decide(
            path: "/srv/link-to-home", home: home, facts: facts(.directory, real: "/home/ci", marker: true))
        #expect(decision != .create && decision != .use(mark: false))
    }

    @Test func aHomeThatIsASymbolicLinkIsProtectedUnderItsRealPathToo() {
        let state = RemoteWorkspace.Facts(kind: .directory, realPath: "/data/users", realHome: "/data/users/ci")
        guard case .refuse = RemoteWorkspace.decide(path: "/data/users", home: home, facts: state) else {
            Issue.record("an ancestor of the real home was accepted")
            return
        }
    }

    @Test func anExistingDirectoryWithoutTheMarkerIsRefusedOutsideFanoutsCache() {
        guard case .refuse(let why) = RemoteWorkspace.decide(path: "/srv/ws", home: home, facts: facts(.directory))
        else {
            Issue.record("an unmarked directory was accepted")
            return
        }
        #expect(why.contains(RemoteWorkspace.markerName))
        let cached = RemoteWorkspace.cachePath(home: home, key: "ws-abc")
        #expect(RemoteWorkspace.decide(path: cached, home: home, facts: facts(.directory)) == .use(mark: true))
    }

    @Test func aMarkedDirectoryIsUsedAMissingOneCreatedAndAFileRefused() {
        #expect(
            RemoteWorkspace.decide(path: "/srv/ws", home: home, facts: facts(.directory, marker: true))
                == .use(mark: false))
        #expect(RemoteWorkspace.decide(path: "/srv/new", home: home, facts: facts(.missing)) == .create)
        guard case .refuse = RemoteWorkspace.decide(path: "/srv/file", home: home, facts: facts(.other)) else {
            Issue.record("a file was accepted")
            return
        }
    }

    @Test func laterAttemptsGetDirectoriesOfTheirOwn() {
        #expect(RemoteWorkspace.cachePath(home: home, key: "k") == "/home/ci/.cache/fanout/workspaces/k")
        #expect(RemoteWorkspace.cachePath(home: home, key: "k", attempt: 3) == "/home/ci/.cache/fanout/workspaces/k-3")
    }
}
