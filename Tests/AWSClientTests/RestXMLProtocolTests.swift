import Foundation
import XCTest
@testable import AWSClient

final class RestXMLProtocolTests: XCTestCase {
    private let s3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    func testPutBucketPolicySendsTheRawPolicyWithAChecksum() throws {
        let policy = #"{"Version":"2012-10-17","Statement":[]}"#
        let request = try encode(.s3, "PutBucketPolicy", ["Bucket": "secmon-trail", "Policy": .string(policy)])
        XCTAssertEqual(request.method, "PUT")
        XCTAssertEqual(request.path, "/")
        XCTAssertEqual(request.bucket, "secmon-trail")
        XCTAssertEqual(request.query, [URLQueryItem(name: "policy", value: nil)])
        XCTAssertEqual(bodyText(request), policy)
        XCTAssertEqual(header(request, "Content-Type"), "binary/octet-stream")
        XCTAssertEqual(header(request, "x-amz-sdk-checksum-algorithm"), "CRC32")
        XCTAssertEqual(header(request, "x-amz-checksum-crc32"), RequestChecksum.crc32Base64(Data(policy.utf8)))
    }

    func testCRC32IsBigEndianBase64() {
        // The CRC-32 check value of "123456789" is 0xCBF43926.
        XCTAssertEqual(RequestChecksum.crc32Base64(Data("123456789".utf8)), "y/Q5Jg==")
        XCTAssertEqual(RequestChecksum.crc32Base64(Data()), "AAAAAA==")
    }

    func testGetObjectGreedyKeyHeadersAndQuery() throws {
        let request = try encode(.s3, "GetObject", [
            "Bucket": "secmon-trail", "Key": "AWSLogs/123456789012/a b+c.json.gz",
            "Range": "bytes=0-99", "VersionId": "v1",
            "IfModifiedSince": .timestamp(Date(timeIntervalSince1970: 1_795_607_821)),
        ])
        XCTAssertEqual(request.method, "GET")
        XCTAssertEqual(request.bucket, "secmon-trail")
        XCTAssertEqual(request.path, "/AWSLogs/123456789012/a%20b%2Bc.json.gz")
        XCTAssertEqual(request.query, [URLQueryItem(name: "versionId", value: "v1")])
        XCTAssertEqual(header(request, "Range"), "bytes=0-99")
        XCTAssertEqual(header(request, "If-Modified-Since"), "Wed, 25 Nov 2026 11:57:01 GMT")
        XCTAssertTrue(request.body.isEmpty)
        XCTAssertNil(header(request, "x-amz-checksum-crc32"))
        XCTAssertNil(header(request, "Content-Type"))
    }

    func testListObjectsV2QueryMembers() throws {
        let request = try encode(.s3, "ListObjectsV2", [
            "Bucket": "secmon-trail", "Prefix": "AWSLogs/", "MaxKeys": 100, "ContinuationToken": "t/1=",
            "FetchOwner": false,
        ])
        XCTAssertEqual(request.path, "/")
        XCTAssertEqual(request.query, [
            URLQueryItem(name: "list-type", value: "2"), URLQueryItem(name: "max-keys", value: "100"),
            URLQueryItem(name: "prefix", value: "AWSLogs/"), URLQueryItem(name: "continuation-token", value: "t/1="),
            URLQueryItem(name: "fetch-owner", value: "false"),
        ])
    }

    func testPutBucketTaggingXMLPayload() throws {
        let request = try encode(.s3, "PutBucketTagging", [
            "Bucket": "secmon-trail",
            "Tagging": ["TagSet": [["Key": "secmon:stack", "Value": "a&b"], ["Key": "owner", "Value": "sec"]]],
        ])
        XCTAssertEqual(request.query, [URLQueryItem(name: "tagging", value: nil)])
        XCTAssertEqual(bodyText(request),
            #"<Tagging xmlns="\#(s3Namespace)"><TagSet><Tag><Key>secmon:stack</Key><Value>a&amp;b</Value></Tag>"#
            + "<Tag><Key>owner</Key><Value>sec</Value></Tag></TagSet></Tagging>")
        XCTAssertNotNil(header(request, "x-amz-checksum-crc32"))
    }

    func testDeleteObjectsFlattenedListAndCreateBucketConfiguration() throws {
        let delete = try encode(.s3, "DeleteObjects", [
            "Bucket": "b", "Delete": ["Objects": [["Key": "a"], ["Key": "b/c", "VersionId": "v"]], "Quiet": true],
        ])
        XCTAssertEqual(delete.method, "POST")
        XCTAssertEqual(header(delete, "Content-Type"), "application/xml")
        XCTAssertEqual(bodyText(delete),
            #"<Delete xmlns="\#(s3Namespace)"><Object><Key>a</Key></Object>"#
            + "<Object><Key>b/c</Key><VersionId>v</VersionId></Object><Quiet>true</Quiet></Delete>")
        let create = try encode(.s3, "CreateBucket", [
            "Bucket": "b", "CreateBucketConfiguration": ["LocationConstraint": "eu-west-1"],
        ])
        XCTAssertEqual(bodyText(create),
            #"<CreateBucketConfiguration xmlns="\#(s3Namespace)"><LocationConstraint>eu-west-1</LocationConstraint>"#
            + "</CreateBucketConfiguration>")
        XCTAssertEqual(try encode(.s3, "CreateBucket", ["Bucket": "b"]).body, Data())
    }

    func testPutObjectMetadataPrefixHeadersAndRawBody() throws {
        let request = try encode(.s3, "PutObject", [
            "Bucket": "b", "Key": "k", "Body": .blob(Data([1, 2, 3])), "ContentType": "application/octet-stream",
            "Metadata": ["stack": "demo"],
        ])
        XCTAssertEqual(request.path, "/k")
        XCTAssertEqual(request.body, Data([1, 2, 3]))
        XCTAssertEqual(header(request, "x-amz-meta-stack"), "demo")
        XCTAssertEqual(header(request, "Content-Type"), "application/octet-stream")
    }

    func testListBucketsHasNoBucket() throws {
        let request = try encode(.s3, "ListBuckets", .null)
        XCTAssertNil(request.bucket)
        XCTAssertEqual(request.path, "/")
    }

    // MARK: replies

    func testListObjectsV2Reply() throws {
        let reply = try decode(.s3, "ListObjectsV2", headers: ["x-amz-request-charged": "requester"], body: """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>secmon-trail</Name><Prefix>AWSLogs/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
              <IsTruncated>true</IsTruncated><NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
              <Contents><Key>AWSLogs/a.json.gz</Key><LastModified>2026-11-25T11:56:57.000Z</LastModified>
                <ETag>&quot;599bab3ed2c697f1d26842727561fd94&quot;</ETag><ChecksumAlgorithm>CRC32</ChecksumAlgorithm>
                <Size>1024</Size><StorageClass>STANDARD</StorageClass></Contents>
              <Contents><Key>AWSLogs/b.json.gz</Key><LastModified>2026-11-25T11:56:58.000Z</LastModified>
                <ETag>&quot;x&quot;</ETag><Size>2048</Size><StorageClass>STANDARD</StorageClass></Contents>
            </ListBucketResult>
            """)
        XCTAssertEqual(reply["Name"], "secmon-trail")
        XCTAssertEqual(reply["IsTruncated"], true)
        XCTAssertEqual(reply["KeyCount"], 2)
        XCTAssertEqual(reply["RequestCharged"], "requester")
        XCTAssertEqual(reply["Contents"].list.count, 2)
        XCTAssertEqual(reply["Contents"][0]["ETag"], "\"599bab3ed2c697f1d26842727561fd94\"")
        XCTAssertEqual(reply["Contents"][0]["ChecksumAlgorithm"], ["CRC32"])
        XCTAssertEqual(reply["Contents"][1]["Size"], 2048)
        XCTAssertEqual(reply["Contents"][0]["LastModified"], .timestamp(date("2026-11-25T11:56:57Z")))
    }

    func testGetBucketPolicyIsTheRawPayload() throws {
        let policy = #"{"Version":"2012-10-17","Statement":[{"Sid":"AWSCloudTrailWrite","Effect":"Allow"}]}"#
        let reply = try decode(.s3, "GetBucketPolicy", body: policy)
        XCTAssertEqual(reply, ["Policy": .string(policy)])
    }

    func testGetObjectBodyAndHeaders() throws {
        let reply = try decode(.s3, "GetObject", status: 200, headers: [
            "content-length": "3", "last-modified": "Wed, 25 Nov 2026 11:57:01 GMT", "etag": "\"e\"",
            "x-amz-meta-stack": "demo", "content-type": "application/gzip",
        ], body: "abc")
        XCTAssertEqual(reply["Body"], .blob(Data("abc".utf8)))
        XCTAssertEqual(reply["ContentLength"], 3)
        XCTAssertEqual(reply["LastModified"], .timestamp(date("2026-11-25T11:57:01Z")))
        XCTAssertEqual(reply["Metadata"], ["stack": "demo"])
        XCTAssertEqual(reply["ContentType"], "application/gzip")
    }

    func testStructurePayloadAndLocationRoot() throws {
        let block = try decode(.s3, "GetPublicAccessBlock", body: """
            <PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>
              <BlockPublicPolicy>false</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets>
            </PublicAccessBlockConfiguration>
            """)
        XCTAssertEqual(block["PublicAccessBlockConfiguration"]["BlockPublicPolicy"], false)
        XCTAssertEqual(block["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"], true)
        let location = try decode(.s3, "GetBucketLocation", body: """
            <?xml version="1.0" encoding="UTF-8"?>
            <LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>
            """)
        XCTAssertEqual(location, ["LocationConstraint": "eu-west-1"])
        let usEast1 = try decode(.s3, "GetBucketLocation",
                                 body: #"<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>"#)
        XCTAssertEqual(usEast1, ["LocationConstraint": ""])
    }

    func testLifecycleFlattenedRulesAndTagging() throws {
        let lifecycle = try decode(.s3, "GetBucketLifecycleConfiguration",
                                   headers: ["x-amz-transition-default-minimum-object-size": "all_storage_classes_128K"],
                                   body: """
            <LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Rule><ID>expire</ID><Filter><Prefix>AWSLogs/</Prefix></Filter><Status>Enabled</Status>
                <Expiration><Days>90</Days></Expiration></Rule>
              <Rule><ID>second</ID><Filter/><Status>Disabled</Status></Rule>
            </LifecycleConfiguration>
            """)
        XCTAssertEqual(lifecycle["Rules"].list.count, 2)
        XCTAssertEqual(lifecycle["Rules"][0]["Expiration"]["Days"], 90)
        XCTAssertEqual(lifecycle["Rules"][0]["Filter"]["Prefix"], "AWSLogs/")
        XCTAssertEqual(lifecycle["TransitionDefaultMinimumObjectSize"], "all_storage_classes_128K")
        let tagging = try decode(.s3, "GetBucketTagging", body: """
            <Tagging><TagSet><Tag><Key>secmon:stack</Key><Value>demo</Value></Tag></TagSet></Tagging>
            """)
        XCTAssertEqual(tagging["TagSet"], [["Key": "secmon:stack", "Value": "demo"]])
    }

    func testHeadBucketHeaders() throws {
        let reply = try decode(.s3, "HeadBucket", headers: ["x-amz-bucket-region": "eu-west-1"], body: "")
        XCTAssertEqual(reply["BucketRegion"], "eu-west-1")
    }

    // MARK: errors

    func testS3ErrorDocument() throws {
        let e = try decodeError(.s3, "DeleteBucket", status: 409, headers: ["x-amz-request-id": "4442587FB7D0A2F9"],
                                body: """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>BucketNotEmpty</Code><Message>The bucket you tried to delete is not empty</Message>
              <BucketName>secmon-trail</BucketName><RequestId>4442587FB7D0A2F9</RequestId><HostId>h</HostId></Error>
            """)
        XCTAssertEqual(e.kind, .service)
        XCTAssertEqual(e.service, "s3")
        XCTAssertEqual(e.code, "BucketNotEmpty")
        XCTAssertEqual(e.message, "The bucket you tried to delete is not empty")
        XCTAssertEqual(e.status, 409)
        XCTAssertEqual(e.requestID, "4442587FB7D0A2F9")
        let noID = try decodeError(.s3, "GetBucketPolicy", status: 404,
                                   body: "<Error><Code>NoSuchBucketPolicy</Code><Message/><RequestId>r2</RequestId></Error>")
        XCTAssertEqual(noID.code, "NoSuchBucketPolicy")
        XCTAssertEqual(noID.message, "")
        XCTAssertEqual(noID.requestID, "r2")
    }

    func testBodilessS3ErrorsAreNamedByStatus() throws {
        let missing = try decodeError(.s3, "HeadBucket", status: 404, headers: ["x-amz-request-id": "r"], body: "")
        XCTAssertEqual(missing.code, "NotFound")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.requestID, "r")
        XCTAssertEqual(try decodeError(.s3, "HeadBucket", status: 403, body: "").code, "Forbidden")
        let moved = try decodeError(.s3, "HeadBucket", status: 301, headers: ["x-amz-bucket-region": "eu-west-1"],
                                    body: "")
        XCTAssertEqual(moved.code, "PermanentRedirect")
        XCTAssertTrue(moved.message.contains("eu-west-1"), moved.message)
        XCTAssertEqual(try decodeError(.s3, "HeadBucket", status: 418, body: "").code, "HTTP418")
    }

    func testRedirectDocumentNamesTheRegion() throws {
        let e = try decodeError(.s3, "ListObjectsV2", status: 301, headers: ["x-amz-bucket-region": "eu-west-1"], body: """
            <Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message>
            <Endpoint>b.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>b</Bucket></Error>
            """)
        XCTAssertEqual(e.code, "PermanentRedirect")
        XCTAssertTrue(e.message.hasSuffix("(the bucket is in region eu-west-1)"), e.message)
    }

    func testOtherErrorsDoNotMentionTheRegion() throws {
        let e = try decodeError(.s3, "GetObject", status: 404, headers: ["x-amz-bucket-region": "us-east-1"],
                                body: "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>")
        XCTAssertEqual(e.message, "The specified key does not exist.")
        let wrongRegion = try decodeError(.s3, "ListObjectsV2", status: 400, body: """
            <Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message><Region>eu-west-1</Region></Error>
            """)
        XCTAssertTrue(wrongRegion.message.hasSuffix("(the bucket is in region eu-west-1)"), wrongRegion.message)
    }

    func testHTMLErrorFromAProxy() throws {
        let e = try decodeError(.s3, "PutObject", status: 500, body: """
            <html><head><title>500 Internal Server Error</title></head><body><h1>Oops</h1></body></html>
            """)
        XCTAssertEqual(e.code, "HTTP500")
        XCTAssertEqual(e.message, "Internal Server Error: 500 Internal Server Error")
    }
}

extension RestXMLProtocolTests {
    func testAGivenChecksumIsKept() throws {
        let request = try encode(.s3, "PutObject", [
            "Bucket": "b", "Key": "k", "Body": "x", "ChecksumSHA256": "LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564=",
        ])
        XCTAssertEqual(header(request, "x-amz-checksum-sha256"), "LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564=")
        XCTAssertNil(header(request, "x-amz-checksum-crc32"))
    }
}
