import Foundation

/// ECS (and EKS Pod Identity) container credentials: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
/// (below http://169.254.170.2) or `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with the authorization
/// token from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
struct ContainerCredentials: CredentialSourceProvider {
    static let relativeBase = "http://169.254.170.2"
    /// Plain-HTTP hosts the SDKs allow for a full URI: the ECS and EKS agents and loopback.
    static let allowedHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]", "localhost"]

    func load(_ context: CredentialContext) async throws -> SourcedCredentials? {
        let env = context.environment
        let (text, variable): (String, String)
        if let relative = env.nonEmpty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            (text, variable) = (Self.relativeBase + relative, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        } else if let full = env.nonEmpty("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            (text, variable) = (full, "AWS_CONTAINER_CREDENTIALS_FULL_URI")
        } else {
            return nil
        }
        guard let url = URL(string: text), let host = url.host, Self.isAllowed(url, host: host) else {
            throw AWSError.credentials("InvalidContainerEndpoint",
                "\(variable) is '\(text)', which is not https and not the container agent or a loopback address: fix or unset it.")
        }
        var headers: [HTTPHeader] = []
        if let tokenFile = env.nonEmpty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            guard let token = context.readFile(tokenFile)?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
                throw AWSError.credentials("ContainerTokenUnreadable",
                    "The container authorization token file \(tokenFile) (AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) is missing or empty: check the path or unset it.")
            }
            headers.append(HTTPHeader("Authorization", token))
        } else if let token = env.nonEmpty("AWS_CONTAINER_AUTHORIZATION_TOKEN") {
            headers.append(HTTPHeader("Authorization", token))
        }
        let source = CredentialSource(kind: "container-role", location: variable)
        let reply = try await LoopbackCredentialCall.get(url, headers: headers, timeout: .seconds(2), context: context,
                                                         what: "the container credentials endpoint (\(variable))")
        guard let object = JSONReplyReader.object(reply), var found = SourcedCredentials(json: object, source: source) else {
            throw AWSError.credentials("ContainerCredentialsUnreadable",
                "The container credentials endpoint (\(variable)) replied without usable credentials: check the task role.")
        }
        found.source.roleARN = object["RoleArn"] as? String
        return found
    }

    static func isAllowed(_ url: URL, host: String) -> Bool {
        if url.scheme == "https" { return true }
        guard url.scheme == "http" else { return false }
        return allowedHTTPHosts.contains(host) || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }
}

/// EC2 instance role through IMDSv2: PUT a session token, then read the role name and its
/// credentials with it. Skipped with `AWS_EC2_METADATA_DISABLED=true`; one attempt with a
/// one-second timeout (`AWS_METADATA_SERVICE_TIMEOUT`, `_NUM_ATTEMPTS`), so a laptop doesn't wait.
/// As the last link of the chain any failure means "not on EC2" (nil, as in botocore); as a
/// profile's `credential_source` it is required, and a failure is its sentence.
struct InstanceMetadataCredentials: CredentialSourceProvider {
    var required = false
    static let defaultEndpoint = "http://169.254.169.254"
    static let tokenTTLSeconds = "21600"

    func load(_ context: CredentialContext) async throws -> SourcedCredentials? {
        let env = context.environment
        if env.nonEmpty("AWS_EC2_METADATA_DISABLED")?.lowercased() == "true" { return nil }
        let profileSettings = context.files.settings(ofProfile: context.profile.name)
        let base = env.nonEmpty("AWS_EC2_METADATA_SERVICE_ENDPOINT") ?? profileSettings.nonEmpty("ec2_metadata_service_endpoint")
            ?? Self.defaultEndpoint
        let seconds = env.nonEmpty("AWS_METADATA_SERVICE_TIMEOUT").flatMap(Double.init) ?? 1
        let attempts = max(1, env.nonEmpty("AWS_METADATA_SERVICE_NUM_ATTEMPTS").flatMap(Int.init) ?? 1)
        let timeout = Duration.milliseconds(Int(seconds * 1000))
        let trimmedBase = base.hasSuffix("/") ? String(base.dropLast()) : base
        func url(_ path: String) throws -> URL {
            guard let url = URL(string: trimmedBase + path) else {
                throw AWSError.credentials("InvalidMetadataEndpoint",
                    "The instance metadata endpoint '\(base)' is not a URL: fix AWS_EC2_METADATA_SERVICE_ENDPOINT.")
            }
            return url
        }
        var failure: AWSError?
        for _ in 0..<attempts {
            do {
                return try await fetch(url: url, timeout: timeout, context: context)
            } catch let error as AWSError {
                failure = error
            }
        }
        if required, let failure { throw failure }
        if let failure { context.debugLogger?("credentials: no EC2 instance role (\(failure.code))") }
        return nil
    }

    private func fetch(url: (String) throws -> URL, timeout: Duration, context: CredentialContext) async throws -> SourcedCredentials {
        let what = "the EC2 instance metadata service"
        let token = try await LoopbackCredentialCall.send(
            HTTPRequest(method: "PUT", url: try url("/latest/api/token"),
                        headers: [HTTPHeader("X-aws-ec2-metadata-token-ttl-seconds", Self.tokenTTLSeconds)], body: Data()),
            timeout: timeout, context: context, what: what)
        let tokenHeader = HTTPHeader("X-aws-ec2-metadata-token", String(decoding: token, as: UTF8.self))
        let rolesPath = "/latest/meta-data/iam/security-credentials/"
        let roles = try await LoopbackCredentialCall.get(try url(rolesPath), headers: [tokenHeader], timeout: timeout,
                                                         context: context, what: what)
        guard let role = String(decoding: roles, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) else {
            throw AWSError.credentials("NoInstanceRole",
                "This EC2 instance has no IAM role attached: attach an instance profile, or configure another credential source.")
        }
        let reply = try await LoopbackCredentialCall.get(try url(rolesPath + role), headers: [tokenHeader], timeout: timeout,
                                                         context: context, what: what)
        guard let object = JSONReplyReader.object(reply), (object["Code"] as? String ?? "Success") == "Success",
              let found = SourcedCredentials(json: object, source: CredentialSource(kind: "iam-role", location: "EC2 instance role '\(role)'"))
        else {
            throw AWSError.credentials("InstanceCredentialsUnreadable",
                "The EC2 instance metadata service returned no usable credentials for role '\(role)': check the instance profile.")
        }
        return found
    }
}

/// Plain HTTP to a credentials endpoint through the client's transport (so tests and the
/// transport swap cover it). Never logs headers: they carry tokens.
enum LoopbackCredentialCall {
    static func get(_ url: URL, headers: [HTTPHeader], timeout: Duration, context: CredentialContext,
                    what: String) async throws -> Data {
        try await send(HTTPRequest(method: "GET", url: url, headers: headers, body: Data()), timeout: timeout,
                       context: context, what: what)
    }

    /// The body of a 2xx reply. A transport failure throws code `NoReply`; any other status a sentence.
    static func send(_ request: HTTPRequest, timeout: Duration, context: CredentialContext, what: String) async throws -> Data {
        let response: HTTPResponse
        do {
            response = try await context.transport.send(request, timeout: timeout)
        } catch {
            throw AWSError.credentials("NoReply", "No reply from \(what) (\(error)): check that it is reachable, or configure another credential source.")
        }
        guard (200..<300).contains(response.status) else {
            throw AWSError.credentials("CredentialEndpointFailed",
                "\(what.prefix(1).uppercased() + what.dropFirst()) answered HTTP \(response.status): check the role and the authorization token.")
        }
        return response.body
    }
}
