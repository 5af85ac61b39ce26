import SecmonCore
import SecmonDoctor
import Testing
import TestSupport

/// Every operation doctor and drill call is covered by `DoctorPermissions` (GetCallerIdentity
/// needs no permission).
@Test func everyDoctorCallIsDeclaredAsAnIAMAction() throws {
    let declared = Set((DoctorPermissions.doctor + DoctorPermissions.drill + DoctorPermissions.whoRead).map(\.name))
    let calls = try OperationsInSource.calls(under: "Sources/SecmonDoctor")
    #expect(calls.count > 20)
    let missing = calls.filter { !declared.contains($0) && $0 != "sts:GetCallerIdentity" }.sorted()
    #expect(missing == [], "add these to DoctorPermissions")
}
