import Foundation
import PacerConfig
import Testing

/// Evaluation shows MMCV's ProgressBar: redrawn in place on a terminal,
/// plain lines at each tenth in a pipe (`pacer test` here, on data.val as
/// the config has no data.test; the evaluation hook uses the same loop).
@Suite struct ProgressBarTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"

    /// Runs the command in argv[1:] on a pseudo-terminal and prints what it
    /// wrote; with `PTY_COLUMNS` the terminal is that wide and `COLUMNS` unset.
    static let onATerminal = """
        import fcntl, os, pty, struct, subprocess, sys, termios
        master, slave = pty.openpty()
        env = dict(os.environ, COLUMNS="100", TERM="xterm")
        if "PTY_COLUMNS" in env:
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, int(env["PTY_COLUMNS"]), 0, 0))
            del env["COLUMNS"]
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

    @Test func withoutCOLUMNSTheBarIsAsWideAsTheTerminal() throws {
        let folder = try Fixtures.temporaryDirectory()
        let run = try trained(folder)
        let result = try Fixtures.run("/usr/bin/env", ["python3", "-c", Self.onATerminal, pacer, "test", run.config,
                                                       run.checkpoint], environment: ["PTY_COLUMNS": "60"])
        #expect(result.status == 0, "\(result.output)")
        // MMCV's empty bar would be 60 % of the terminal's 60 columns (36) and wrap; it is narrowed to fit, and
        // every drawing fits with a column to spare.
        #expect(result.output.hasPrefix("[" + String(repeating: " ", count: 32) + "] 0/128, elapsed: 0s, ETA:\r[>"),
                "\(result.output)")
        // What each drawing shows, without the terminal's CR LF and the erase-to-end-of-line sequence.
        let drawings = result.output.replacing("\r\n", with: "\n").replacing("\u{1B}[K", with: "")
            .split(whereSeparator: { $0 == "\r" || $0 == "\n" }).filter { $0.hasPrefix("[") }
        #expect(drawings.count == 5 && drawings.allSatisfy { $0.count <= 59 }, "\(drawings)")
        #expect(result.output.contains(try Regex(#"\r\[>+\] 128/128, "#)))
    }

    @Test func inAPipeEachTenthIsAPlainLine() throws {
        let folder = try Fixtures.temporaryDirectory()
        let run = try trained(folder)
        let result = try Fixtures.run(pacer, ["test", run.config, run.checkpoint], environment: ["PACER_PROGRESS_AFTER": "0"])
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("\r") && !result.output.contains(">>"))
        let lines = result.output.split(separator: "\n").map(String.init)
        let val = lines.filter { $0.hasPrefix("[val] ") }
        let read = lines.filter { $0.hasPrefix("[read ") }
        // The bars' lines and the metrics: nothing else.
        #expect(val.count + read.count + 1 == lines.count, "\(lines)")
        // Batches of 32 of 128 samples pass the tenths at 25, 50, 75 and 100 %.
        #expect(val.count == 4)
        let line = try Regex(#"\[val\] (25|50|75|100)% (32|64|96|128)/128, \d+\.\d task/s, elapsed: \d+s, ETA: +\d+s"#)
        #expect(val.allSatisfy { (try? line.wholeMatch(in: $0)) != nil }, "\(lines)")
        #expect(val.map { $0.split(separator: " ")[1] } == ["25%", "50%", "75%", "100%"])
        #expect(lines.last?.hasPrefix("loss: ") == true)

        // Data preparation: inflating the test split's 10000 images (7840000 bytes, in chunks of 1 MiB) is a
        // line at each tenth passed, ending at 100 %; the 10008 bytes of labels are one chunk and show none.
        let images = read.filter { $0.hasPrefix("[read t10k-images-idx3-ubyte.gz] ") }
        #expect(!read.contains { $0.contains("labels") })
        let readLine = try Regex(#"\[read t10k-images-idx3-ubyte\.gz\] (\d+)% (\d+)/7840000, \d+\.\d task/s, elapsed: \d+s, ETA: +\d+s"#)
        let percents = images.compactMap { try? readLine.wholeMatch(in: $0) }.map { Int($0.output[1].substring ?? "") ?? -1 }
        #expect(percents.count == images.count && (2...10).contains(images.count), "\(images)")
        #expect(percents == percents.sorted() && Set(percents).count == percents.count && percents.last == 100)
        #expect(images.last?.contains(" 7840000/7840000, ") == true)

        // Quick work adds nothing to a script's output by default.
        let quiet = try Fixtures.run(pacer, ["test", run.config, run.checkpoint])
        #expect(quiet.output.split(separator: "\n").count == 1 && quiet.output.hasPrefix("loss: "))
    }

    @Test func withProgressATerminalShowsATrainingBarBelowUntornLogLines() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = Fixtures.smallConfig(workDir: folder + "/work", loggers: [["type": "TextLoggerHook"]])
        let path = try Fixtures.writeConfig(config, in: folder)
        let result = try Fixtures.run("/usr/bin/env", ["python3", "-c", Self.onATerminal, pacer, "train", path, "--progress"])
        #expect(result.status == 0, "\(result.output)")
        // The terminal turns each newline into CR LF.
        let output = result.output.replacing("\r\n", with: "\n")
        let erase = "\u{1B}[K"

        // 2 epochs of 8 iterations: the bar's last drawing is full, with the loss, lr and ETA, and stays as the
        // last line.
        let last = try Regex(#"\nEpoch 2/2 \[>+\] 8/8, iter 16/16, loss: \d+\.\d{4}, lr: 5\.000e-02, ETA: 0:00:00(\u{1B}\[K)?\n$"#)
        #expect(output.contains(last), "\(output)")
        let early = try Regex(#"Epoch 1/2 \[>* *\] \d/8, iter \d/16, loss: \d+\.\d{4}, lr: 5\.000e-02, ETA: \d+:\d\d:\d\d"#)
        #expect(output.contains(early))
        // Every drawing fits in COLUMNS=100 with a column to spare.
        let drawings = output.split(whereSeparator: { $0 == "\r" || $0 == "\n" })
            .map { $0.replacing(erase, with: "") }.filter { $0.hasPrefix("Epoch 1/2 [") || $0.hasPrefix("Epoch 2/2 [") }
        #expect(drawings.count >= 2 && drawings.allSatisfy { $0.count <= 99 }, "\(drawings)")

        // Each logger line and host line goes above the bar: the bar is erased first, the line is whole, and
        // the bar comes back below it.
        let logged = try Regex(#"\r\u{1B}\[K(Epoch \[[12]\]\[[48]/8\]\t|Saved checkpoint at [12] epochs: )[^\r\n\u{1B}]*\nEpoch [12]/2 \["#)
        #expect(output.matches(of: logged).count == 6, "\(output)")
        #expect(output.matches(of: try Regex(#"Epoch \[[12]\]\[[48]/8\]\t"#)).count == 4)
    }

    @Test func aCPluginsConsolePrintAndLogLinesGoAboveTheBarToo() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("console_hook.c", to: plugins + "/libconsole.so")
        let config = Fixtures.smallConfig(workDir: folder + "/work", customHooks: [["type": "ConsoleHook"]])
        let path = try Fixtures.writeConfig(config, in: folder)
        let result = try Fixtures.run("/usr/bin/env", ["python3", "-c", Self.onATerminal, pacer, "train", path,
                                                       "--progress", "--plugin-dir", plugins])
        #expect(result.status == 0, "\(result.output)")
        let output = result.output.replacing("\r\n", with: "\n")
        // Iterations 4, 8, 12 and 16: each line whole, after the bar is erased, and the bar back below it.
        let printed = try Regex(#"\r\u{1B}\[KConsoleHook: printed at iter (4|8|12|16)\nEpoch [12]/2 \["#)
        let logged = try Regex(#"\r\u{1B}\[K\[plugin info\] ConsoleHook: logged at iter (4|8|12|16)\nEpoch [12]/2 \["#)
        #expect(output.matches(of: printed).map { $0.output[1].substring ?? "" } == ["4", "8", "12", "16"], "\(output)")
        #expect(output.matches(of: logged).count == 4)
        // The log line goes into the run's .log; the printed one (a logger's own line) does not.
        let log = try RunLogTests.newestLog(folder + "/work")
        #expect(log.contains("\n[plugin info] ConsoleHook: logged at iter 4\n"))
        #expect(!log.contains("ConsoleHook: printed"))
    }

    @Test func withProgressAPipeGetsTheSameLinesAsWithout() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = Fixtures.smallConfig(workDir: folder + "/work", loggers: [["type": "TextLoggerHook"]])
        let path = try Fixtures.writeConfig(config, in: folder)
        let with = try Fixtures.run(pacer, ["train", path, "--progress"])
        #expect(with.status == 0, "\(with.output)")
        let without = try Fixtures.run(pacer, ["train", path, "--work-dir", folder + "/plain"])
        #expect(without.status == 0, "\(without.output)")
        #expect(!with.output.contains("\r") && !with.output.contains("\u{1B}") && !with.output.contains("Epoch 1/2 ["))
        // Line by line the same, but for the timings, the work dir and the checkpoint paths (and reading the
        // data, which shows a line at each tenth only when it lasts more than a second).
        let shape = { (output: String) in
            output.split(separator: "\n").filter { !$0.hasPrefix("[read ") }.map { $0.prefix { $0 != "\t" && $0 != ":" } }
        }
        #expect(shape(with.output) == shape(without.output))
        #expect(with.output.split(separator: "\n").filter { $0.hasPrefix("Epoch [") }.count == 4)
    }
}
