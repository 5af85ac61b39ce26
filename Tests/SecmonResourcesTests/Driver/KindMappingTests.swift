import AWSClient
import Foundation
import SecmonCore
import SecmonPlan
@testable import SecmonResources
import SecmonStack
import Testing
import TestSupport

/// The kinds' one declaration (SecmonStack/Kinds) and their AWS mappings agree.
@Suite struct KindMappingTests {
    @Test func everyKindsSchemaAndMappingAgree() {
        let fake = FakeAWS()
        var problems: [String] = []
        problems += disagreements(SecretDriver.self, sample: SecretDriver(client: fake))
        problems += disagreements(BucketDriver.self, sample: BucketDriver(client: fake))
        problems += disagreements(RoleDriver.self, sample: RoleDriver(client: fake))
        problems += disagreements(LogGroupDriver.self, sample: LogGroupDriver(client: fake))
        problems += disagreements(TrailDriver.self, sample: TrailDriver(client: fake))
        problems += disagreements(MetricFilterDriver.self, sample: MetricFilterDriver(client: fake))
        problems += disagreements(AlarmDriver.self, sample: AlarmDriver(client: fake))
        problems += disagreements(TopicDriver.self, sample: TopicDriver(client: fake))
        problems += disagreements(SubscriptionDriver.self, sample: SubscriptionDriver(client: fake))
        #expect(problems == [])
    }

    @Test func everyKindOfTheStackLanguageHasAMapping() {
        let drivers = ResourceDrivers.all(client: FakeAWS())
        #expect(Set(drivers.keys) == Set(KindSchema.all.map(\.name)))
        #expect(ResourceDrivers.kinds == KindSchema.all.map(\.name))
    }

    @Test func theReplaceSetAndTheDefaultsComeFromTheSchema() {
        let alarm = AlarmDriver(client: FakeAWS())
        #expect(alarm.replaceOn == ["name"])
        #expect(SubscriptionDriver(client: FakeAWS()).replaceOn == ["topic", "protocol", "endpoint"])
        let given: [String: Value] = ["name": .s("a"), "evaluation_periods": .int(3)]
        let n = alarm.normalize(given, id: "a", context: context)
        for property in KindSchema.alarm.properties where given[property.name] == nil {
            if let fallback = property.defaultValue { #expect(n[property.name] == fallback, "\(property.name)") }
        }
        #expect(n["datapoints_to_alarm"] == .int(3), "a derived default follows the property it names")
        #expect(n["metric_filter"] == nil, "not sent: only the graph reads it")
    }

    @Test func aMappingThatForgetsAPropertyOrMisspellsAMemberIsCaught() {
        #expect(disagreements(Widget<Unmapped>.self, sample: Widget(client: FakeAWS())) == ["widget.color has no mapping"])
        #expect(disagreements(Widget<Misspelt>.self, sample: Widget(client: FakeAWS()))
            == ["widget.color: PutMetricAlarm has no member AlarmDescripton"])
        #expect(disagreements(Widget<Original>.self, sample: Widget(client: FakeAWS())) == [])
        #expect(disagreements(Widget<WithColor>.self, sample: Widget(client: FakeAWS())) == [])
    }

    /// Adding a property touches one declaration (the schema's `PropertySchema`) and the
    /// mapping (one entry): normalisation, its default, the diff, create and read follow.
    @Test func addingAPropertyTouchesItsDeclarationAndItsMappingOnly() async throws {
        let fake = FakeAWS()
        storeAlarms(fake)
        let before = Widget<Original>(client: fake)
        let after = Widget<WithColor>(client: fake)
        let given: [String: Value] = ["name": .s("w")]

        #expect(before.normalize(given, id: "w", context: context)["color"] == nil)
        let desired = after.normalize(given, id: "w", context: context)
        #expect(desired["color"] == .s("blue"), "the schema's default")

        _ = try await after.create(id: "w", properties: given, context: context)
        #expect(fake.inputs(.cloudwatch, "PutMetricAlarm").last?["AlarmDescription"] == "blue", "sent as mapped")
        let live = try #require(try await after.read(["w"], hints: [:], context: context)["w"])
        #expect(live.properties["color"] == .s("blue"), "read back as mapped")
        #expect(after.diff(desired: desired, live: live) == [])
        let red = after.normalize(["name": .s("w"), "color": .s("red")], id: "w", context: context)
        #expect(after.diff(desired: red, live: live).map(\.path) == ["color"])
    }

    /// A fake CloudWatch that keeps what PutMetricAlarm was given and describes it back.
    private func storeAlarms(_ fake: FakeAWS) {
        let stored = Stored()
        fake.on(.cloudwatch, "PutMetricAlarm") { input in
            stored.put(input)
            return [:]
        }
        fake.on(.cloudwatch, "DescribeAlarms") { _ in ["MetricAlarms": .list(stored.all)] }
    }
}

private final class Stored: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [AWSValue] = []
    func put(_ value: AWSValue) { lock.withLock { values.append(value) } }
    var all: [AWSValue] { lock.withLock { values } }
}

// MARK: - A test kind, in versions

/// What a version of the test kind adds to its declaration and to its mapping.
protocol WidgetVersion: Sendable {
    static var added: [PropertySchema] { get }
    static var addedMapping: [String: PropertyMapping] { get }
}

enum Original: WidgetVersion {
    static let added: [PropertySchema] = []
    static let addedMapping: [String: PropertyMapping] = [:]
}

/// The one declaration and the one mapping entry a new property needs.
enum WithColor: WidgetVersion {
    static let added = [PropertySchema("color", .enumeration(["red", "blue"]), .defaultValue(.string("blue")), "Its colour.")]
    static let addedMapping: [String: PropertyMapping] = ["color": .member("PutMetricAlarm", "AlarmDescription")]
}

enum Unmapped: WidgetVersion {
    static let added = WithColor.added
    static let addedMapping: [String: PropertyMapping] = [:]
}

enum Misspelt: WidgetVersion {
    static let added = WithColor.added
    static let addedMapping: [String: PropertyMapping] = ["color": .member("PutMetricAlarm", "AlarmDescripton")]
}

/// A test kind living in CloudWatch alarms, whose calls follow its mapping table, so that a
/// version differs from another only in its declaration and its mapping.
struct Widget<Version: WidgetVersion>: KindMapping {
    static var schema: KindSchema {
        KindSchema(name: "widget", summary: "A test kind.", taggable: false, properties: [
            PropertySchema("name", .string(StringConstraints(minLength: 1, maxLength: 255)), .required, change: .replace, "Name."),
            PropertySchema("size", .integer(IntegerConstraints(minimum: 10)), .defaultValue(.int(60)), "Size."),
        ] + Version.added)
    }
    static var mapping: [String: PropertyMapping] {
        ["name": .member("PutMetricAlarm", "AlarmName"), "size": .member("PutMetricAlarm", "Period")]
            .merging(Version.addedMapping) { a, _ in a }
    }
    static var service: AWSService { .cloudwatch }
    let client: any AWSCalling
    var options = DriverOptions()

    /// Property -> member, from the table.
    private var members: [(property: String, member: String)] {
        Self.mapping.sorted { $0.key < $1.key }.compactMap { property, target in
            if case .member(_, let member) = target { return (property, member) }
            return nil
        }
    }

    func readOne(_ id: String, hint: [String: Value]?, context: DriverContext) async throws -> LiveResource? {
        let reply = try await client.call(.cloudwatch, "DescribeAlarms", ["AlarmNames": [.string(id)]])
        guard let alarm = reply["MetricAlarms"].list.last(where: { $0["AlarmName"].string == id }) else { return nil }
        var properties: [String: Value] = [:]
        for (property, member) in members {
            properties[property] = alarm[member].string.map(Value.string) ?? alarm[member].int.map(Value.int) ?? .null
        }
        return LiveResource(kind: kind, physicalID: id, properties: properties, attributes: [:], ownerStack: nil)
    }

    func create(_ a: PropertyAccess, id: String, context: DriverContext) async throws -> [String: Value] {
        var input: [String: AWSValue] = [:]
        for (property, member) in members {
            switch a.properties[property] {
            case .string(let s)?: input[member] = .string(s)
            case .int(let i)?: input[member] = .integer(Int64(i))
            default: break
            }
        }
        _ = try await client.call(.cloudwatch, "PutMetricAlarm", .map(input))
        return [:]
    }

    func update(_ a: PropertyAccess, live: LiveResource, changes: [PropertyChange], context: DriverContext) async throws
        -> [String: Value] { try await create(a, id: live.physicalID, context: context) }

    func remove(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome { DeleteOutcome() }
}
