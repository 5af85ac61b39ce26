import Foundation
import XCTest
@testable import AWSClient

/// The embedded model and one of its operations, failing the test when either is missing.
func modelAndOperation(_ service: AWSService, _ operation: String,
                       file: StaticString = #filePath, line: UInt = #line) throws -> (ServiceModel, OperationModel) {
    let model = try ServiceModel.named(service)
    let op = try XCTUnwrap(model.operation(operation), "\(service) has no \(operation)", file: file, line: line)
    return (model, op)
}

func encode(_ service: AWSService, _ operation: String, _ input: AWSValue) throws -> EncodedRequest {
    let (model, op) = try modelAndOperation(service, operation)
    return try model.wireProtocol.encode(input, operation: op, service: model)
}

func decode(_ service: AWSService, _ operation: String, status: Int = 200, headers: [String: String] = [:],
            body: String) throws -> AWSValue {
    let (model, op) = try modelAndOperation(service, operation)
    return try model.wireProtocol.decode(HTTPResponse(status: status, headers: headers, body: Data(body.utf8)),
                                         operation: op, service: model)
}

func decodeError(_ service: AWSService, _ operation: String, status: Int, headers: [String: String] = [:],
                 body: String) throws -> AWSError {
    let (model, op) = try modelAndOperation(service, operation)
    return model.wireProtocol.decodeError(HTTPResponse(status: status, headers: headers, body: Data(body.utf8)),
                                          operation: op, service: model)
}

func header(_ request: EncodedRequest, _ name: String) -> String? {
    request.headers.first { $0.name.lowercased() == name.lowercased() }?.value
}

func bodyText(_ request: EncodedRequest) -> String { String(decoding: request.body, as: UTF8.self) }

/// The form body as ordered pairs, percent-decoded.
func formPairs(_ request: EncodedRequest) -> [String] {
    bodyText(request).split(separator: "&").map { String($0).removingPercentEncoding ?? String($0) }
}

/// A date from ISO 8601 text, for expectations.
func date(_ iso: String) -> Date {
    Timestamps.parse(iso) ?? Date(timeIntervalSince1970: -1)
}
