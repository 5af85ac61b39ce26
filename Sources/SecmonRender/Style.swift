/// ANSI colour, or nothing. Renderers stay pure: colour is an explicit option, off by default.
public struct Style: Sendable, Hashable {
    public var color: Bool
    public init(color: Bool = false) { self.color = color }
    public static let plain = Style()
    public static let ansi = Style(color: true)

    enum Paint: String {
        case green = "32", red = "31", yellow = "33", cyan = "36", bold = "1", dim = "2"
    }

    func paint(_ text: String, _ paint: Paint) -> String {
        color && !text.isEmpty ? "\u{1B}[\(paint.rawValue)m\(text)\u{1B}[0m" : text
    }
}
