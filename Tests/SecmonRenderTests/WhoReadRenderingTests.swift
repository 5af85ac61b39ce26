import Foundation
import SecmonAlerts
@testable import SecmonDoctor
import SecmonRender
import Testing

/// who-read's table and JSON.
struct WhoReadRenderingTests {
    static let readJSON = """
        {"time": "2026-01-15T12:00:00Z", "eventID": "e-1", "principal": "arn:aws:iam::111122223333:user/alice",
         "operation": "GetSecretValue", "secretId": "TopSecretInfo", "idForm": "name",
         "sourceIPAddress": "203.0.113.9", "userAgent": "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2 prompt/off"}
        """

    func report(reads: [SecretRead]) -> WhoRead.Report {
        WhoRead.Report(secret: "TopSecretInfo", arn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:TopSecretInfo-AbCdEf",
                       source: "logs:/trail", since: Date(timeIntervalSince1970: 1_768_435_200),
                       until: Date(timeIntervalSince1970: 1_768_521_600), reads: reads, notes: ["a note"])
    }

    func reads() throws -> [SecretRead] {
        var alice = try JSONDecoder().decode(SecretRead.self, from: Data(Self.readJSON.utf8))
        var lambda = alice
        lambda.principal = "arn:aws:sts::111122223333:assumed-role/app/fn"
        lambda.invokedBy = "lambda.amazonaws.com"
        lambda.sourceIPAddress = nil
        lambda.userAgent = nil
        lambda.idForm = .fullARN
        lambda.errorCode = "AccessDenied"
        alice.time = "2026-01-15T11:00:00Z"
        return [alice, lambda]
    }

    @Test func table() throws {
        #expect(WhoReadRendering.text(report(reads: try reads())) == """
            reads of secret TopSecretInfo (arn:aws:secretsmanager:us-east-1:111122223333:secret:TopSecretInfo-AbCdEf), 2026-01-15T00:00:00Z to 2026-01-16T00:00:00Z, from logs:/trail
            note: a note
            TIME                  PRINCIPAL                                                               SOURCE IP    USER AGENT                                OPERATION       ID FORM   ERROR
            2026-01-15T11:00:00Z  arn:aws:iam::111122223333:user/alice                                    203.0.113.9  aws-cli/2.15.0 Python/3.11.6 Linux/6.1 …  GetSecretValue  name      -
            2026-01-15T12:00:00Z  arn:aws:sts::111122223333:assumed-role/app/fn via lambda.amazonaws.com  -            -                                         GetSecretValue  full ARN  AccessDenied
            2 reads by 2 principals

            """)
        #expect(WhoReadRendering.text(report(reads: [])).hasSuffix("note: a note\nno reads\n"))
    }

    @Test func jsonIsTheReport() throws {
        let report = report(reads: try reads())
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(WhoRead.Report.self, from: Data(WhoReadRendering.json(report).utf8)) == report)
        #expect(WhoReadRendering.json(report).contains(#""since" : "2026-01-15T00:00:00Z""#))
    }
}
