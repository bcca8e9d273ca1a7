import Foundation
import PacerConfig
import Testing

/// Evaluation shows MMCV's ProgressBar: redrawn in place on a terminal,
/// plain lines at each tenth in a pipe (`pacer test` here, on data.val as
/// the config has no data.test; the evaluation hook uses the same loop).
@Suite struct ProgressBarTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"

    /// Runs the command in argv[1:] on a pseudo-terminal and prints what it wrote.
    static let onATerminal = """
        import os, pty, subprocess, sys
        master, slave = pty.openpty()
        env = dict(os.environ, COLUMNS="100", TERM="xterm")
        child = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        sys.stdout.write(out.decode())
        sys.exit(child.wait())
        """

    private func trained(_ folder: String) throws -> (config: String, checkpoint: String) {
        let path = try Fixtures.writeConfig(Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 1), in: folder)
        let result = try Fixtures.run(pacer, ["train", path])
        #expect(result.status == 0, "\(result.output)")
        return (path, folder + "/work/epoch_1.safetensors")
    }

    @Test func onATerminalTheBarIsRedrawnInPlaceAndEndsFull() throws {
        let folder = try Fixtures.temporaryDirectory()
        let run = try trained(folder)
        let result = try Fixtures.run("/usr/bin/env", ["python3", "-c", Self.onATerminal, pacer, "test", run.config,
                                                       run.checkpoint])
        #expect(result.status == 0, "\(result.output)")
        // 128 samples in batches of 32; with COLUMNS=100 MMCV's bar starts 50 wide and narrows as the line grows.
        #expect(result.output.utf8.starts(with: ("[" + String(repeating: " ", count: 50) + "] 0/128, elapsed: 0s, ETA:\r[>").utf8),
                "\(Array(result.output.utf8.prefix(90)))")
        let quarter = try Regex(#"\r\[>{12} +\] 32/128, \d+\.\d task/s, elapsed: \d+s, ETA: +\d+s"#)
        #expect(result.output.contains(quarter))
        let full = try Regex(#"\r\[>+\] 128/128, \d+\.\d task/s, elapsed: \d+s, ETA: +0s"#)
        #expect(result.output.contains(full))
        #expect(!result.output.contains("[val] "))
        let last = result.output.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        #expect(last.hasPrefix("loss: ") && last.contains(", accuracy: 0."))
    }

    @Test func inAPipeEachTenthIsAPlainLine() throws {
        let folder = try Fixtures.temporaryDirectory()
        let run = try trained(folder)
        let result = try Fixtures.run(pacer, ["test", run.config, run.checkpoint], environment: ["PACER_PROGRESS_AFTER": "0"])
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("\r") && !result.output.contains(">>"))
        let lines = result.output.split(separator: "\n").map(String.init)
        // Batches of 32 of 128 samples pass the tenths at 25, 50, 75 and 100 %.
        #expect(lines.count == 5)
        let line = try Regex(#"\[val\] (25|50|75|100)% (32|64|96|128)/128, \d+\.\d task/s, elapsed: \d+s, ETA: +\d+s"#)
        #expect(lines.prefix(4).allSatisfy { (try? line.wholeMatch(in: $0)) != nil }, "\(lines)")
        #expect(lines.prefix(4).map { $0.split(separator: " ")[1] } == ["25%", "50%", "75%", "100%"])
        #expect(lines[4].hasPrefix("loss: "))

        // Quick work adds nothing to a script's output by default.
        let quiet = try Fixtures.run(pacer, ["test", run.config, run.checkpoint])
        #expect(quiet.output.split(separator: "\n").count == 1 && quiet.output.hasPrefix("loss: "))
    }
}
