import SecmonCore

/// Turns byte offsets into 1-based line and column (columns count Unicode scalars, as libyaml's
/// marks do).
struct TextPosition {
    static func location(ofByte offset: Int, in bytes: [UInt8], file: String) -> SourceLocation {
        var line = 1
        var column = 1
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                // Count lead bytes only, so a multi-byte character is one column.
                column += 1
            }
            i += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
