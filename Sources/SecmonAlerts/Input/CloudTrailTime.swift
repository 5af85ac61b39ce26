import Foundation

/// Parses CloudTrail's `eventTime` (`2026-01-01T12:00:30Z`, optionally with fractional seconds)
/// without a date formatter: it runs once per record on the hot path.
enum CloudTrailTime {
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { parse($0) }
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b.last == UInt8(ascii: "Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        if b.count > 20 {
            // At most nanoseconds: more digits would overflow, and no clock writes them.
            guard b[19] == UInt8(ascii: "."), b.count - 21 <= 9, let digits = number(20..<(b.count - 1)) else { return nil }
            fraction = Double(digits) / pow(10, Double(b.count - 21))
        } else {
            guard b[19] == UInt8(ascii: "Z") else { return nil }
        }
        // Days from civil (Howard Hinnant's algorithm), proleptic Gregorian calendar.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction)
    }
}
