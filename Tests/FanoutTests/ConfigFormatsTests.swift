import FanoutAdapters
import FanoutConfig
import FanoutFormats
import Testing

@Suite struct ConfigFormatsTests {
    @Test func iniSectionsKeysAndContinuationLines() {
        let ini = IniFile(
            parsing: "[pytest]\n# c\ntestpaths =\n    tests\n    more\npython_files: check_*.py\n[other]\nx=1\n")
        #expect(ini.sections["pytest"]?["testpaths"]?.value == "\ntests\nmore")
        #expect(ini.sections["pytest"]?["python_files"]?.value == "check_*.py")
        #expect(ini.sections["pytest"]?["python_files"]?.line == 6)
        #expect(ini.sections["other"]?["x"]?.value == "1")
    }

    @Test func shellWordsSplitLikeShlex() {
        #expect(ShellWords.split("a  'b c' \"d e\" f\\ g") == ["a", "b c", "d e", "f g"])
        #expect(ShellWords.split("\n tests\n more ") == ["tests", "more"])
        #expect(ShellWords.split("''") == [""])
    }
}
