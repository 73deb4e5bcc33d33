import FanoutConfig
import FanoutController
import FanoutSSH
import Testing

@Suite struct HostResolverTests {
    let config = SSHConfigFile(
        parsing: """
            Host buildbox1
                HostName 10.0.0.7
                User ci
                Port 2200
                IdentityFile ~/.ssh/ci_%h
                UserKnownHostsFile ~/.ssh/farm_known_hosts
            """)

    func resolver(knownHosts: String? = nil) -> HostResolver {
        HostResolver(
            sshConfig: config, knownHostsFile: knownHosts, acceptNewHostKeys: false, home: "/home/me", currentUser: "me"
        )
    }

    @Test func aNameResolvesAsSshWould() throws {
        let host = try resolver().resolve(HostSettings(name: "buildbox1"))
        #expect(
            host.target
                == SSHTarget(
                    label: "buildbox1", address: "10.0.0.7", port: 2200, user: "ci",
                    identityFiles: ["/home/me/.ssh/ci_buildbox1"], knownHostsFiles: ["/home/me/.ssh/farm_known_hosts"]))
        #expect(host.target.knownHostsName == "[10.0.0.7]:2200")
    }

    @Test func explicitSettingsWinOverSshConfigAndDefaultsFillTheRest() throws {
        let host = try resolver(knownHosts: "/etc/known").resolve(
            HostSettings(name: "buildbox1", user: "root", port: 22, identity: "/keys/k", slots: 8, workspace: "/srv/ws")
        )
        #expect(host.target.user == "root")
        #expect(host.target.port == 22)
        #expect(host.target.identityFiles == ["/keys/k"])
        #expect(host.target.knownHostsFiles == ["/etc/known"])
        #expect(host.slots == 8)
        #expect(host.workspace == "/srv/ws")
        let plain = try resolver().resolve(HostSettings(name: "10.9.9.9"))
        #expect(plain.target.address == "10.9.9.9")
        #expect(plain.target.user == "me")
        #expect(
            plain.target.identityFiles == [
                "/home/me/.ssh/id_ed25519", "/home/me/.ssh/id_ecdsa", "/home/me/.ssh/id_rsa",
            ])
        #expect(plain.target.knownHostsFiles == ["/home/me/.ssh/known_hosts"])
    }

    @Test func theKnownTypesGoFirstAndEveryOtherSupportedTypeAfter() {
        let supported = ["ecdsa-sha2-nistp256", "ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]
        #expect(
            KnownHostsFile.methodPreference(for: ["ssh-ed25519"], supported: supported)
                == "ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256,ssh-rsa")
        #expect(
            KnownHostsFile.methodPreference(for: ["ssh-rsa"], supported: supported)
                == "rsa-sha2-512,rsa-sha2-256,ssh-rsa,ecdsa-sha2-nistp256,ssh-ed25519")
        #expect(KnownHostsFile.methodPreference(for: [], supported: supported) == nil)
        #expect(
            KnownHostsFile.fingerprint(sha256: Array(repeating: 0, count: 32))
                == "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    }

    @Test func probeOutputIsParsed() {
        let probe = HostProbe(parsing: "home=/root\ncpus=4\nrsync=/usr/bin/rsync\nsystem=Linux x86_64\nfree=1048576\n")
        #expect(
            probe == HostProbe(parsing: "home=/root\ncpus=4\nrsync=/usr/bin/rsync\nsystem=Linux x86_64\nfree=1048576"))
        #expect(probe.cpuCount == 4)
        #expect(probe.freeKiB == 1_048_576)
        #expect(HostProbe(parsing: "home=/h\nrsync=\n").rsync == nil)
    }
}
