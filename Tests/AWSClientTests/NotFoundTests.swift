import AWSClient
import Testing

/// "No such thing" is decided from the models' error shapes, once, for every caller.
@Suite struct NotFoundTests {
    func error(_ service: AWSService, _ code: String) -> AWSError {
        AWSError(kind: .service, service: service.rawValue, operation: "X", code: code, message: "", status: 400)
    }

    @Test(arguments: [
        (AWSService.secretsmanager, "ResourceNotFoundException"), (.logs, "ResourceNotFoundException"),
        (.iam, "NoSuchEntity"), (.cloudtrail, "TrailNotFoundException"), (.cloudwatch, "ResourceNotFound"),
        (.cloudwatch, "ResourceNotFoundException"), (.sns, "NotFound"), (.sns, "ResourceNotFound"),
        (.s3, "NoSuchBucket"), (.s3, "NotFound"), (.sqs, "AWS.SimpleQueueService.NonExistentQueue"),
    ])
    func notFound(service: AWSService, code: String) {
        #expect(error(service, code).isNotFound)
    }

    @Test func otherCodesAndOtherServicesCodesAreNot() {
        #expect(!error(.iam, "ResourceNotFoundException").isNotFound)
        #expect(!error(.logs, "ThrottlingException").isNotFound)
        #expect(!AWSError(kind: .transport, service: "logs", operation: "X", code: "ResourceNotFoundException",
                          message: "").isNotFound)
    }
}
