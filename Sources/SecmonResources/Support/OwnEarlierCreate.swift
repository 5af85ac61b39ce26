import AWSClient
import SecmonCore
import SecmonPlan

extension ResourceDriver {
    /// Runs a create call that AWS answers with "already exists" when the resource is there.
    ///
    /// A create can succeed while its reply is lost (a connection reset after the request was
    /// applied); the client then retries it and AWS says the resource already exists. Such a
    /// resource carries this stack's and this logical id's ownership tags, which only secmon's own
    /// create call writes, so it is accepted as the one just created. Anything else with the
    /// name is still an error.
    func tolerateOwnEarlierCreate<T>(name: String, id: String, context: DriverContext, alreadyExists codes: Set<String>,
                                     _ create: () async throws -> T) async throws -> T?
    {
        do {
            return try await create()
        } catch let error as AWSError where error.kind == .service && codes.contains(error.code) {
            let live = try await read([name], hints: [:], context: context)[name]
            guard let live, context.owns(live), live.logicalID == id else { throw error }
            return nil
        }
    }
}
