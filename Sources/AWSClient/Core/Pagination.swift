extension AWSService {
    /// The member carrying the next-page token, in a paginated operation's input and output
    /// (botocore's paginators-1.json: the same name in and out for every operation secmon pages).
    public var pageToken: String {
        switch self {
        case .logs: return "nextToken"
        case .iam: return "Marker"
        case .s3: return "ContinuationToken"
        default: return "NextToken"
        }
    }
}

extension AWSCalling {
    /// Calls a paginated operation until `stop` accepts a page or there is no next token,
    /// returning the pages read. Stops if a token repeats (an endpoint that ignores the token
    /// would loop forever).
    public func pages(_ service: AWSService, _ operation: String, _ input: [String: AWSValue],
                      until stop: (AWSValue) -> Bool = { _ in false }) async throws -> [AWSValue] {
        var pages: [AWSValue] = []
        var request = input
        var seen: Set<String> = []
        while true {
            let page = try await call(service, operation, .map(request))
            pages.append(page)
            guard !stop(page), let token = page[service.pageToken].string, !token.isEmpty,
                  seen.insert(token).inserted else { return pages }
            request[service.pageToken] = .string(token)
        }
    }

    /// The `items` list of every page, concatenated.
    public func allPages(_ service: AWSService, _ operation: String, _ input: [String: AWSValue], items: String)
        async throws -> [AWSValue]
    {
        try await pages(service, operation, input).flatMap { $0[items].list }
    }

    /// The first item of the `items` lists that `matches`, reading no more pages than needed.
    public func firstInPages(_ service: AWSService, _ operation: String, _ input: [String: AWSValue], items: String,
                             where matches: (AWSValue) -> Bool) async throws -> AWSValue? {
        let pages = try await pages(service, operation, input) { $0[items].list.contains(where: matches) }
        return pages.last?[items].list.first(where: matches)
    }
}
