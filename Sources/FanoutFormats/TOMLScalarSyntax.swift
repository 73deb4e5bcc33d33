/// TOML 1.0's grammar for numbers, dates and times, checked exactly (no leading zeros, underscores only between
/// digits, no sign on prefixed integers, dates and times in range), so that a document Python's `tomllib` refuses
/// is refused here too.
enum TOMLScalarSyntax {
    /// The integer `word` spells, nil when it is no TOML integer or does not fit 64 bits.
    static func integer(_ word: String) -> Int? {
        let bytes = Array(word.utf8)
        for (prefix, radix) in [(UInt8(ascii: "x"), 16), (UInt8(ascii: "o"), 8), (UInt8(ascii: "b"), 2)]
        where bytes.count > 2 && bytes[0] == UInt8(ascii: "0") && bytes[1] == prefix {
            guard digitRun(bytes, from: 2, radix: radix) == bytes.count else { return nil }
            return Int(String(decoding: bytes[2...].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self), radix: radix)
        }
        guard let end = decimalIntegerPart(bytes), end == bytes.count else { return nil }
        return Int(String(decoding: bytes.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self))
    }

    /// The float `word` spells (`inf` and `nan` with an optional sign included), nil when it is no TOML float.
    static func float(_ word: String) -> Double? {
        let unsigned = word.hasPrefix("+") || word.hasPrefix("-") ? word.dropFirst() : Substring(word)
        if unsigned == "inf" { return word.hasPrefix("-") ? -.infinity : .infinity }
        if unsigned == "nan" { return .nan }
        let bytes = Array(word.utf8)
        guard var index = decimalIntegerPart(bytes) else { return nil }
        let integerEnd = index
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            guard let end = digitRun(bytes, from: index + 1, radix: 10) else { return nil }
            index = end
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            guard let end = digitRun(bytes, from: index, radix: 10) else { return nil }
            index = end
        }
        guard index == bytes.count, index > integerEnd else { return nil }
        return Double(String(decoding: bytes.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self))
    }

    /// Whether `word` is an offset or local date-time, a local date or a local time, in range.
    static func isDateTime(_ word: String) -> Bool {
        let bytes = Array(word.utf8)
        if bytes.count >= 10 && bytes[4] == UInt8(ascii: "-") {
            guard isDate(bytes[0..<10]) else { return false }
            guard bytes.count > 10 else { return true }
            guard [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(bytes[10]) else { return false }
            return isTime(bytes[11...], offsetAllowed: true)
        }
        return isTime(bytes[...], offsetAllowed: false)
    }

    /// Where the optionally signed decimal integer at the start of `bytes` ends: `0`, or a non-zero digit and
    /// more digits with single underscores between them; nil when there is none.
    private static func decimalIntegerPart(_ bytes: [UInt8]) -> Int? {
        var start = 0
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { start = 1 }
        guard start < bytes.count else { return nil }
        if bytes[start] == UInt8(ascii: "0") {
            let next = start + 1 < bytes.count ? bytes[start + 1] : UInt8(ascii: " ")
            let leadingZero = digitValue(next, radix: 10) != nil || next == UInt8(ascii: "_")
            return leadingZero ? nil : start + 1
        }
        return digitRun(bytes, from: start, radix: 10)
    }

    /// Where the run of digits at `start` ends: at least one digit, single underscores only between digits.
    private static func digitRun(_ bytes: [UInt8], from start: Int, radix: Int) -> Int? {
        var index = start
        var lastWasDigit = false
        while index < bytes.count {
            if digitValue(bytes[index], radix: radix) != nil {
                lastWasDigit = true
            } else if bytes[index] == UInt8(ascii: "_") && lastWasDigit && index + 1 < bytes.count
                && digitValue(bytes[index + 1], radix: radix) != nil
            {
                lastWasDigit = false
            } else {
                break
            }
            index += 1
        }
        return index > start && lastWasDigit ? index : nil
    }

    private static func digitValue(_ byte: UInt8, radix: Int) -> Int? {
        let value: Int
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
        return value < radix ? value : nil
    }

    /// `YYYY-MM-DD` naming a day that exists.
    private static func isDate(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let year = number(bytes, at: 0, width: 4), bytes[bytes.startIndex + 7] == UInt8(ascii: "-"),
            let month = number(bytes, at: 5, width: 2), let day = number(bytes, at: 8, width: 2),
            (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// `HH:MM:SS` with an optional fraction and, where allowed, `Z` or a `±HH:MM` offset.
    private static func isTime(_ bytes: ArraySlice<UInt8>, offsetAllowed: Bool) -> Bool {
        guard bytes.count >= 8, let hour = number(bytes, at: 0, width: 2), hour < 24,
            bytes[bytes.startIndex + 2] == UInt8(ascii: ":"), let minute = number(bytes, at: 3, width: 2),
            minute < 60, bytes[bytes.startIndex + 5] == UInt8(ascii: ":"),
            let second = number(bytes, at: 6, width: 2), second < 60
        else { return false }
        var rest = bytes.dropFirst(8)
        if rest.first == UInt8(ascii: ".") {
            let digits = rest.dropFirst().prefix { digitValue($0, radix: 10) != nil }
            guard !digits.isEmpty else { return false }
            rest = rest.dropFirst(1 + digits.count)
        }
        guard !rest.isEmpty else { return true }
        guard offsetAllowed else { return false }
        if rest.count == 1 { return rest.first == UInt8(ascii: "Z") || rest.first == UInt8(ascii: "z") }
        guard rest.count == 6, rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: "-"),
            let offsetHour = number(rest, at: 1, width: 2), offsetHour < 24,
            rest[rest.startIndex + 3] == UInt8(ascii: ":"), let offsetMinute = number(rest, at: 4, width: 2),
            offsetMinute < 60
        else { return false }
        return true
    }

    /// The decimal number in exactly `width` digits at `offset` into `bytes`.
    private static func number(_ bytes: ArraySlice<UInt8>, at offset: Int, width: Int) -> Int? {
        let start = bytes.startIndex + offset
        guard start + width <= bytes.endIndex else { return nil }
        var value = 0
        for byte in bytes[start..<(start + width)] {
            guard let digit = digitValue(byte, radix: 10) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
