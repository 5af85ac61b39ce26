import Foundation

/// A realistic CloudTrail record of a GetSecretValue call, as CloudTrail delivers it to
/// CloudWatch Logs (one JSON record per log event). Doctor runs metric filters against it;
/// drill writes it into the log group for `--from log`.
public struct SecretReadEvent: Sendable, Hashable {
    public var secretId: String
    public var secretArn: String?
    public var account: String
    public var region: String
    public var time: Date
    public var eventID: String
    /// Set for the drill's trigger: the VersionId that was asked for.
    public var versionId: String?
    /// Set to describe a failed call (CloudTrail records failed calls with errorCode).
    public var errorCode: String?

    /// The record as compact JSON text with sorted keys (stable for tests).
    public var json: String {
        let formatter = ISO8601DateFormatter()
        var request: [String: Any] = ["secretId": secretId]
        if let versionId { request["versionId"] = versionId }
        var record: [String: Any] = [
            "eventVersion": "1.09",
            "userIdentity": [
                "type": "AssumedRole",
                "principalId": "AROAEXAMPLEROLEID:app-session",
                "arn": "arn:aws:sts::\(account):assumed-role/app-role/app-session",
                "accountId": account,
                "accessKeyId": "ASIAEXAMPLEKEYID",
                "sessionContext": [
                    "sessionIssuer": [
                        "type": "Role", "principalId": "AROAEXAMPLEROLEID",
                        "arn": "arn:aws:iam::\(account):role/app-role", "accountId": account,
                        "userName": "app-role",
                    ],
                    "attributes": ["creationDate": formatter.string(from: time), "mfaAuthenticated": "false"],
                ],
            ],
            "eventTime": formatter.string(from: time),
            "eventSource": "secretsmanager.amazonaws.com",
            "eventName": "GetSecretValue",
            "awsRegion": region,
            "sourceIPAddress": "198.51.100.23",
            "userAgent": "aws-sdk-go-v2/1.30.0 os/linux lang/go#1.22 api/secretsmanager#1.32.0",
            "requestParameters": request,
            "responseElements": NSNull(),
            "requestID": "8c7e1f7a-2f3b-4d5e-9a1b-\(eventID.suffix(12))",
            "eventID": eventID,
            "readOnly": true,
            "eventType": "AwsApiCall",
            "managementEvent": true,
            "recipientAccountId": account,
            "eventCategory": "Management",
            "tlsDetails": [
                "tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": "secretsmanager.\(region).amazonaws.com",
            ],
        ]
        if let secretArn {
            record["resources"] = [["accountId": account, "type": "AWS::SecretsManager::Secret", "ARN": secretArn]]
        }
        if let errorCode {
            record["errorCode"] = errorCode
            record["errorMessage"] = "Secrets Manager can't find the specified secret value for VersionId: \(versionId ?? "")"
        }
        guard let data = try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .withoutEscapingSlashes]),
              let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text
    }

    /// The events a filter for reads of this secret should match: the call by name and by ARN
    /// (applications use both), labelled for evidence lines.
    public static func samples(secretName: String, secretArn: String?, account: String, region: String,
                               time: Date) -> [(label: String, event: SecretReadEvent)] {
        var out = [("by name", SecretReadEvent(secretId: secretName, secretArn: secretArn, account: account,
                                               region: region, time: time, eventID: "5f0e4c2a-0d7b-4b8e-9c1d-3a2b1c0d9e8f"))]
        if let secretArn, !secretArn.isEmpty {
            out.append(("by ARN", SecretReadEvent(secretId: secretArn, secretArn: secretArn, account: account,
                                                  region: region, time: time, eventID: "6a1f5d3b-1e8c-4c9f-8d2e-4b3c2d1e0f9a")))
        }
        return out
    }
}
