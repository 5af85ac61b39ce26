@testable import AWSClient
import XCTest

final class SharedConfigFilesTests: XCTestCase {
    func testINIParsesSectionsKeysCommentsAndNestedSettings() {
        let ini = INIFile(parsing: """
        # comment
        [default]
        Region = eu-west-1
        ; another comment
        s3 =
          addressing_style = path
        output=json

        [profile dev]
        region: us-east-2
        """)
        XCTAssertEqual(ini["default"]?["region"], "eu-west-1")
        XCTAssertEqual(ini["default"]?["s3.addressing_style"], "path")
        XCTAssertEqual(ini["default"]?["output"], "json")
        XCTAssertEqual(ini["profile dev"]?["region"], "us-east-2")
        XCTAssertNil(ini["default"]?["# comment"])
    }

    func testFileLocationsFollowEnvironmentAndHome() {
        let files = SharedConfigFiles(environment: ["HOME": "/home/u"], readFile: { _ in nil })
        XCTAssertEqual(files.configPath, "/home/u/.aws/config")
        XCTAssertEqual(files.credentialsPath, "/home/u/.aws/credentials")
        let overridden = SharedConfigFiles(environment: ["HOME": "/home/u", "AWS_CONFIG_FILE": "~/c",
                                                         "AWS_SHARED_CREDENTIALS_FILE": "/tmp/creds"], readFile: { _ in nil })
        XCTAssertEqual(overridden.configPath, "/home/u/c")
        XCTAssertEqual(overridden.credentialsPath, "/tmp/creds")
    }

    func testProfilesFromBothFilesCredentialsFileWins() {
        let files = FakeFiles.make(config: """
        [default]
        region = eu-west-1
        [profile dev]
        region = us-east-2
        aws_access_key_id = FROMCONFIG
        [dev]
        region = ignored-because-config-needs-profile-prefix
        """, credentials: """
        [dev]
        aws_access_key_id = FROMCREDENTIALS
        """)
        XCTAssertEqual(files.settings(ofProfile: "dev")["region"], "us-east-2")
        XCTAssertEqual(files.settings(ofProfile: "dev")["aws_access_key_id"], "FROMCREDENTIALS")
        XCTAssertEqual(files.settings(ofProfile: "default")["region"], "eu-west-1")
        XCTAssertTrue(files.hasProfile("dev"))
        XCTAssertFalse(files.hasProfile("nope"))
    }
}

/// In-memory ~/.aws files for hermetic tests.
enum FakeFiles {
    static let configPath = "/home/tester/.aws/config"
    static let credentialsPath = "/home/tester/.aws/credentials"

    static func reader(config: String = "", credentials: String = "") -> FileReader {
        { path in
            switch path {
            case configPath: return config
            case credentialsPath: return credentials
            default: return nil
            }
        }
    }

    static func make(config: String = "", credentials: String = "", environment: [String: String] = [:]) -> SharedConfigFiles {
        SharedConfigFiles(environment: environment.merging(["HOME": "/home/tester"]) { a, _ in a },
                          readFile: reader(config: config, credentials: credentials))
    }
}
