import SecmonCore

extension LiveResource {
    /// The property (or attribute) a driver sets to `true` on a resource AWS is already
    /// deleting, such as a secret in its recovery window.
    public static let pendingDeletionKey = "pending_deletion"

    /// Whether AWS is already deleting it. Such a resource is not deleted again: destroy and
    /// orphan removal treat it as gone (so a second destroy says "No changes."), while apply
    /// still matches it to its desired resource, whose diff lets the driver restore it.
    public var isPendingDeletion: Bool {
        properties[Self.pendingDeletionKey] == .bool(true) || attributes[Self.pendingDeletionKey] == .bool(true)
    }
}
