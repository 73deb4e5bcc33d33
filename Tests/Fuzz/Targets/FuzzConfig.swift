// libFuzzer target: the TOML and INI readers (fanout.toml, pyproject.toml, pytest.ini, setup.cfg, tox.ini) and
// the settings decoder. Any text parses or fails with a ConfigError; never a crash.
import FanoutConfig
import FanoutFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let table = try? TOMLParser.parse(text, file: "fuzz.toml") {
        _ = try? SettingsDecoder(file: "fuzz.toml", tableName: "fanout.toml").decode(table)
    }
    _ = IniFile(parsing: text)
    return 0
}
