import Foundation

/// `credential_process`: a command that prints `{"Version": 1, "AccessKeyId": ...,
/// "SecretAccessKey": ..., "SessionToken": ..., "Expiration": "<ISO 8601>"}` on standard output.
struct ProcessCredentials: CredentialSourceProvider {
    let command: String
    let profile: String

    func load(_ context: CredentialContext) async throws -> SourcedCredentials? {
        let source = CredentialSource(kind: "custom-process", location: "credential_process of the \(profile)")
        let result: (status: Int32, output: Data)
        do {
            result = try await context.runProcess(command)
        } catch {
            throw failure("could not be started (\(error))", fix: "check the command in credential_process")
        }
        guard result.status == 0 else {
            throw failure("exited with status \(result.status)", fix: "run it by hand to see why")
        }
        guard let object = JSONReplyReader.object(result.output) else {
            throw failure("did not print a JSON object", fix: "make it print the documented JSON with Version 1")
        }
        guard (object["Version"] as? Int) == 1 else {
            throw failure("printed Version \(object["Version"].map { "\($0)" } ?? "(none)"), not 1",
                          fix: "make it print \"Version\": 1")
        }
        guard let found = SourcedCredentials(json: object, source: source) else {
            throw failure("printed no AccessKeyId and SecretAccessKey, or an unreadable Expiration",
                          fix: "make it print both keys and an ISO 8601 Expiration")
        }
        return found
    }

    private func failure(_ what: String, fix: String) -> AWSError {
        AWSError.credentials("CredentialProcessFailed", "The credential_process of the \(profile) \(what): \(fix).")
    }
}

/// Runs `credential_process` commands through `/bin/sh -c` (as the Go and Java SDKs do); the
/// command's standard error passes through, so it can prompt or explain.
public enum CredentialProcess {
    public static let run: CredentialProcessRunner = { command in
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.standardInput
        try process.run()
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, data))
            }
        }
    }
}

/// Asks on the terminal for an MFA code; nil when standard input is not a terminal (CI), so the
/// caller refuses with a sentence instead of hanging.
public enum TerminalPrompt {
    public static let readMFACode: MFACodeReader = { prompt in
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        FileHandle.standardError.write(Data(prompt.utf8))
        return readLine()?.trimmingCharacters(in: .whitespaces)
    }
}
