import ArgumentParser

/// A length of time on the command line: `90s`, `15m`, `24h`, `7d`, or plain seconds (drill's
/// `--timeout`, who-read's `--since`).
struct DurationArgument: ExpressibleByArgument {
    var seconds: Double
    var text: String

    init(seconds: Double) {
        self.seconds = seconds
        text = "\(Int(seconds / 60))m"
    }

    init?(argument: String) {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        var number = Substring(argument)
        var unit = 1.0
        if let last = argument.last, let factor = units[last] {
            number = argument.dropLast()
            unit = factor
        }
        guard let value = Double(number), value > 0, value.isFinite else { return nil }
        seconds = value * unit
        text = argument
    }
}
