import Foundation
import XCTest
@testable import AWSClient

/// Protocol features the embedded models do not exercise (flattened query members, XML
/// attributes, status-code members…), checked against small hand-written models.
final class SyntheticModelTests: XCTestCase {
    private func model(_ protocolName: String, operations: String, shapes: String) throws -> ServiceModel {
        let json = """
            {"metadata":{"apiVersion":"2020-01-01","endpointPrefix":"demo","protocols":["\(protocolName)"],
             "jsonVersion":"1.1","targetPrefix":"Demo"},
            "operations":{\(operations)},
            "shapes":{\(shapes),
              "S":{"type":"string"},"I":{"type":"integer"},"D":{"type":"double"},"B":{"type":"boolean"},
              "T":{"type":"timestamp"},"Bl":{"type":"blob"}}}
            """
        return try ServiceModelParser.parse(json, service: .sns)
    }

    func testQueryFlattenedListsMapsAndScalars() throws {
        let m = try model("query", operations: #""Op":{"http":{"method":"POST","requestUri":"/"},"input":{"shape":"In"}}"#,
                          shapes: """
            "In":{"type":"structure","members":[
              {"name":"Flat","shape":"FlatList"},{"name":"Renamed","shape":"FlatNamed","locationName":"Outer"},
              {"name":"FlatMap","shape":"FMap"},{"name":"When","shape":"T"},{"name":"Data","shape":"Bl"},
              {"name":"Ratio","shape":"D"},{"name":"Wire","shape":"S","locationName":"WireName"}]},
            "FlatList":{"type":"list","flattened":true,"member":{"shape":"S"}},
            "FlatNamed":{"type":"list","flattened":true,"member":{"shape":"S","locationName":"Item"}},
            "FMap":{"type":"map","flattened":true,"key":{"shape":"S","locationName":"K"},"value":{"shape":"S","locationName":"V"}}
            """)
        let op = try XCTUnwrap(m.operation("Op"))
        let request = try m.wireProtocol.encode([
            "Flat": ["a", "b"], "Renamed": ["x"], "FlatMap": ["k": "v"],
            "When": .timestamp(Date(timeIntervalSince1970: 1_795_607_821.25)), "Data": .blob(Data("hi".utf8)),
            "Ratio": 0.5, "Wire": "w",
        ], operation: op, service: m)
        XCTAssertEqual(formPairs(request), [
            "Action=Op", "Version=2020-01-01", "Flat.1=a", "Flat.2=b", "Item.1=x", "FlatMap.1.K=k", "FlatMap.1.V=v",
            "When=2026-11-25T11:57:01.250Z", "Data=aGk=", "Ratio=0.5", "WireName=w",
        ])
    }

    func testRestXMLAttributesBodyMembersAndLocatedOutput() throws {
        let m = try model("rest-xml", operations: """
            "Op":{"http":{"method":"PUT","requestUri":"/things/{Name}?mode=x"},
                  "input":{"shape":"In","locationName":"OpRequest","xmlNamespace":{"uri":"urn:demo"}},
                  "output":{"shape":"Out"}}
            """, shapes: """
            "In":{"type":"structure","required":["Name"],"members":[
              {"name":"Name","shape":"S","location":"uri","locationName":"Name"},
              {"name":"Tags","shape":"SList","location":"querystring","locationName":"tag"},
              {"name":"Extra","shape":"SMap","location":"querystring"},
              {"name":"Modes","shape":"SList","location":"header","locationName":"x-modes"},
              {"name":"Grantee","shape":"Grantee"},{"name":"Size","shape":"I"}]},
            "Grantee":{"type":"structure","members":[
              {"name":"Type","shape":"S","xmlAttribute":true,"locationName":"xsi:type"},
              {"name":"ID","shape":"S"}],
              "xmlNamespace":{"prefix":"xsi","uri":"http://www.w3.org/2001/XMLSchema-instance"}},
            "SList":{"type":"list","member":{"shape":"S"}},
            "SMap":{"type":"map","key":{"shape":"S"},"value":{"shape":"S"}},
            "Out":{"type":"structure","members":[
              {"name":"Status","shape":"I","location":"statusCode"},
              {"name":"Modes","shape":"SList","location":"header","locationName":"x-modes"},
              {"name":"Grantee","shape":"Grantee"},{"name":"Pairs","shape":"FMap","locationName":"Pair"}]},
            "FMap":{"type":"map","flattened":true,"key":{"shape":"S"},"value":{"shape":"S"}}
            """)
        let op = try XCTUnwrap(m.operation("Op"))
        let request = try m.wireProtocol.encode([
            "Name": "a/b c", "Tags": ["t1", "t2"], "Extra": ["z": "1"], "Modes": ["r", "w"],
            "Grantee": ["Type": "CanonicalUser", "ID": "abc"], "Size": 3,
        ], operation: op, service: m)
        XCTAssertEqual(request.path, "/things/a%2Fb%20c")
        XCTAssertNil(request.bucket)
        XCTAssertEqual(request.query, [URLQueryItem(name: "mode", value: "x"), URLQueryItem(name: "tag", value: "t1"),
                                       URLQueryItem(name: "tag", value: "t2"), URLQueryItem(name: "z", value: "1")])
        XCTAssertEqual(header(request, "x-modes"), "r,w")
        XCTAssertEqual(bodyText(request), #"<OpRequest xmlns="urn:demo"><Grantee "#
            + #"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>abc</ID></Grantee>"#
            + "<Size>3</Size></OpRequest>")

        let reply = try m.wireProtocol.decode(HTTPResponse(status: 201, headers: ["x-modes": "r, w"], body: Data("""
            <OpResult><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><ID>g</ID></Grantee>
            <Pair><key>a</key><value>1</value></Pair><Pair><key>b</key><value>2</value></Pair></OpResult>
            """.utf8)), operation: op, service: m)
        XCTAssertEqual(reply["Status"], 201)
        XCTAssertEqual(reply["Modes"], ["r", "w"])
        XCTAssertEqual(reply["Grantee"], ["Type": "Group", "ID": "g"])
        XCTAssertEqual(reply["Pairs"], ["a": "1", "b": "2"])
    }

    func testJSONTimestampFormatOverrideAndBlobReply() throws {
        let m = try model("json", operations: """
            "Op":{"http":{"method":"POST","requestUri":"/"},"input":{"shape":"In"},"output":{"shape":"In"}}
            """, shapes: """
            "In":{"type":"structure","members":[{"name":"At","shape":"Iso"},{"name":"Data","shape":"Bl"}]},
            "Iso":{"type":"timestamp","timestampFormat":"iso8601"}
            """)
        let op = try XCTUnwrap(m.operation("Op"))
        let request = try m.wireProtocol.encode(["At": .timestamp(Date(timeIntervalSince1970: 0))], operation: op, service: m)
        XCTAssertEqual(bodyText(request), #"{"At":"1970-01-01T00:00:00Z"}"#)
        XCTAssertEqual(header(request, "X-Amz-Target"), "Demo.Op")
        let reply = try m.wireProtocol.decode(HTTPResponse(status: 200, headers: [:], body: Data(#"{"Data":"aGk="}"#.utf8)),
                                              operation: op, service: m)
        XCTAssertEqual(reply["Data"], .blob(Data("hi".utf8)))
    }

    func testAnUnusableModelIsATypedError() {
        XCTAssertThrowsError(try ServiceModelParser.parse("{}", service: .logs)) { error in
            XCTAssertEqual((error as? AWSError)?.code, "ModelUnreadable")
        }
        XCTAssertThrowsError(try ServiceModelParser.parse(
            #"{"metadata":{"protocols":["smithy-rpc-v2-cbor"]},"operations":{},"shapes":{}}"#, service: .logs))
    }
}
