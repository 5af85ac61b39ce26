import AWSClient

/// Calls a paginated operation until the reply has no next token, returning every page.
/// Stops if a token repeats (an endpoint that ignores the token would loop forever).
func allPages(_ client: any AWSCalling, _ service: AWSService, _ operation: String,
              _ input: [String: AWSValue], tokenIn: String, tokenOut: String) async throws -> [AWSValue] {
    var pages: [AWSValue] = []
    var request = input
    var seen: Set<String> = []
    while true {
        let page = try await client.call(service, operation, .map(request))
        pages.append(page)
        guard let token = page[tokenOut].string, !token.isEmpty, seen.insert(token).inserted else { return pages }
        request[tokenIn] = .string(token)
    }
}
