import Foundation

/// The timestamp formats AWS protocols use, written and read without DateFormatter (which is
/// neither cheap nor Sendable).
enum Timestamps {
    /// `2026-11-25T11:57:01Z`, or with milliseconds when the date has a fraction.
    static func iso8601(_ date: Date) -> String {
        let (seconds, millis) = split(date)
        let c = civil(seconds)
        var s = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute, c.second)
        if millis > 0 { s += String(format: ".%03d", millis) }
        return s + "Z"
    }

    /// `Wed, 25 Nov 2026 11:57:01 GMT` (HTTP headers).
    static func rfc822(_ date: Date) -> String {
        let (seconds, _) = split(date)
        let c = civil(seconds)
        let weekday = weekdays[Int(((seconds / 86400 % 7) + 7 + 4) % 7)] // 1970-01-01 was a Thursday
        return weekday + ", " + String(format: "%02d ", c.day) + months[c.month - 1]
            + String(format: " %04d %02d:%02d:%02d GMT", c.year, c.hour, c.minute, c.second)
    }

    /// Epoch seconds, as JSON protocols send them (a fraction only when there is one).
    static func epochSeconds(_ date: Date) -> String {
        let (seconds, millis) = split(date)
        let total = seconds * 1000 + Int64(millis)
        let magnitude = total.magnitude
        var text = (total < 0 ? "-" : "") + String(magnitude / 1000)
        guard magnitude % 1000 > 0 else { return text }
        var fraction = String(format: "%03d", Int(magnitude % 1000))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        text += "." + fraction
        return text
    }

    /// Reads ISO 8601 (any number of fractional digits, `Z` or an offset), RFC 822, or epoch seconds.
    static func parse(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        if let d = Double(t) { return fromEpoch(d) }
        return parseISO8601(t) ?? parseRFC822(t)
    }

    /// A date from epoch seconds; nil when not finite or beyond year ±5000 (formatting such a
    /// date would overflow, and no AWS timestamp is that far out).
    static func fromEpoch(_ seconds: Double) -> Date? {
        guard seconds.isFinite, abs(seconds) < maxEpochSeconds else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    private static let maxEpochSeconds = 95_000_000_000.0

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func split(_ date: Date) -> (Int64, Int) {
        // Clamped, so a caller's absurd date cannot trap the conversion below.
        let interval = date.timeIntervalSince1970.isNaN ? 0 : date.timeIntervalSince1970
        let clamped = Swift.max(-maxEpochSeconds, Swift.min(maxEpochSeconds, interval))
        let totalMillis = Int64((clamped * 1000).rounded())
        let seconds = Int64((Double(totalMillis) / 1000).rounded(.down))
        return (seconds, Int(totalMillis - seconds * 1000))
    }

    private struct Civil { var year, month, day, hour, minute, second: Int }

    /// Howard Hinnant's days-to-civil algorithm.
    private static func civil(_ seconds: Int64) -> Civil {
        let days = Int((Double(seconds) / 86400).rounded(.down))
        let secs = Int(seconds - Int64(days) * 86400)
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return Civil(year: year, month: month, day: day, hour: secs / 3600, minute: secs % 3600 / 60, second: secs % 60)
    }

    private static func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    private static func date(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, fraction: Double,
                             offset: Int) -> Date? {
        guard (1...12).contains(mo), (1...31).contains(d), (0...23).contains(h), (0...59).contains(mi),
              (0...60).contains(s) else { return nil }
        let seconds = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func parseISO8601(_ t: String) -> Date? {
        let c = Array(t.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= c.count else { return nil }
            var v = 0
            for b in c[from..<(from + len)] {
                guard b >= 48 && b <= 57 else { return nil }
                v = v * 10 + Int(b - 48)
            }
            return v
        }
        guard c.count >= 19, c[4] == UInt8(ascii: "-"), c[7] == UInt8(ascii: "-"),
              c[10] == UInt8(ascii: "T") || c[10] == UInt8(ascii: " "),
              c[13] == UInt8(ascii: ":"), c[16] == UInt8(ascii: ":"),
              let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
              let s = num(17, 2) else { return nil }
        var i = 19
        var fraction = 0.0
        if i < c.count, c[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            while i < c.count, c[i] >= 48, c[i] <= 57 {
                fraction += Double(c[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        var offset = 0
        if i < c.count {
            if c[i] == UInt8(ascii: "Z") || c[i] == UInt8(ascii: "z") {
                i += 1
            } else if c[i] == UInt8(ascii: "+") || c[i] == UInt8(ascii: "-") {
                let sign = c[i] == UInt8(ascii: "-") ? -1 : 1
                guard let oh = num(i + 1, 2) else { return nil }
                var j = i + 3
                if j < c.count, c[j] == UInt8(ascii: ":") { j += 1 }
                guard let om = num(j, 2) else { return nil }
                offset = sign * (oh * 3600 + om * 60)
                i = j + 2
            } else {
                return nil
            }
        }
        guard i == c.count else { return nil }
        return date(y, mo, d, h, mi, s, fraction: fraction, offset: offset)
    }

    private static func parseRFC822(_ t: String) -> Date? {
        // "Wed, 25 Nov 2026 11:57:01 GMT"
        let parts = t.split(separator: " ").map(String.init)
        guard parts.count >= 5 else { return nil }
        let rest = parts[0].hasSuffix(",") ? Array(parts.dropFirst()) : parts
        guard rest.count >= 4, let d = Int(rest[0]), let mIndex = months.firstIndex(of: rest[1]),
              let y = Int(rest[2]) else { return nil }
        let hms = rest[3].split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3 else { return nil }
        return date(y, mIndex + 1, d, hms[0], hms[1], hms[2], fraction: 0, offset: 0)
    }
}
