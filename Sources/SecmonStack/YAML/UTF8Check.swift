import SecmonCore

/// Decodes UTF-8 strictly, pointing at the first bad byte (String(decoding:) would silently
/// replace it, and the user would never learn why a name does not match).
enum UTF8Check {
    static func decode(_ bytes: [UInt8], file: String) -> Result<String, DiagnosticFailure> {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var iterator = body.makeIterator()
        var decoder = UTF8()
        var offset = body.startIndex
        var scalars = String.UnicodeScalarView()
        loop: while true {
            let before = offset
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
                offset += UTF8.width(scalar)
            case .emptyInput:
                break loop
            case .error:
                let location = TextPosition.location(ofByte: before, in: bytes, file: file)
                return .failure(DiagnosticFailure(Diagnostic(.error, "the file is not valid UTF-8 (byte 0x\(hex(bytes[before])))", at: location)))
            }
        }
        return .success(String(scalars))
    }

    private static func hex(_ b: UInt8) -> String {
        let s = String(b, radix: 16, uppercase: true)
        return s.count == 1 ? "0" + s : s
    }
}
