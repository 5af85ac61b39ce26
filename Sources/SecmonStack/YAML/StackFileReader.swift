import Foundation
import SecmonCore

/// Reads a stack file's (or variables file's) bytes without trusting the path: directories, missing files, devices
/// and huge files all become a diagnostic, and never more than `maxFileBytes + 1` bytes are read.
enum StackFileReader {
    static func read(path: String, limits: YAMLLimits, role: String = "stack file") -> Result<[UInt8], DiagnosticFailure> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(DiagnosticFailure(Diagnostic(.error, "cannot read \(role) '\(path)': no such file", at: nil)))
        }
        if isDirectory.boolValue {
            return .failure(DiagnosticFailure(Diagnostic(.error, "cannot read \(role) '\(path)': it is a directory", at: nil)))
        }
        // A FIFO or device could block or never end; a stack is a regular file (symlinks followed).
        let type = (try? FileManager.default.attributesOfItem(atPath: resolvingSymlinks(path)))?[.type] as? FileAttributeType
        if type != .typeRegular {
            return .failure(DiagnosticFailure(Diagnostic(.error, "cannot read \(role) '\(path)': it is not a regular file", at: nil)))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(DiagnosticFailure(Diagnostic(.error, "cannot read \(role) '\(path)': permission denied", at: nil)))
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: limits.maxFileBytes + 1) ?? Data()
        } catch {
            return .failure(DiagnosticFailure(Diagnostic(.error, "cannot read \(role) '\(path)': \(error.localizedDescription)", at: nil)))
        }
        if data.count > limits.maxFileBytes { return .failure(tooLarge(path, limits)) }
        return .success([UInt8](data))
    }

    private static func resolvingSymlinks(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    static func tooLarge(_ file: String, _ limits: YAMLLimits) -> DiagnosticFailure {
        DiagnosticFailure(Diagnostic(.error, "stack file is larger than \(limits.maxFileBytes / (1 << 20)) MiB; refusing to read it",
                                     at: SourceLocation(file: file, line: 1, column: 1)))
    }
}
