import SecmonCore
import SecmonGraph
import SecmonStack
import Testing

/// `lifecycle:` in a stack: parsed for every kind that carries tags, refused with a located
/// error where it could not be honoured.
@Suite struct LifecycleValidationTests {
    private func load(_ resources: String) -> StackLoadResult {
        StackLoader.load(text: "stack: s\nresources:\n" + resources, file: "s.yaml")
    }

    @Test func retainAndProtectAreParsedAndCarriedIntoTheGraph() throws {
        let result = load("""
          logs:
            type: log_group
            name: /l
            lifecycle:
              retain: true
              protect: true
          alerts:
            type: topic
            name: a
        """)
        #expect(result.diagnostics.map(\.description) == [])
        let stack = try #require(result.stack)
        #expect(stack.resource("logs")?.lifecycle == ResourceLifecycle(retain: true, protect: true))
        #expect(stack.resource("logs")?.lifecycleLocation == SourceLocation(file: "s.yaml", line: 6, column: 5))
        #expect(stack.resource("alerts")?.lifecycle == ResourceLifecycle())
        let graph = try GraphBuilder.build(stack)
        #expect(graph.resources["logs"]?.lifecycle == ResourceLifecycle(retain: true, protect: true))
        #expect(graph.resources["logs"]?.properties["lifecycle"] == nil, "not a property sent to AWS")
    }

    @Test func aKindWithoutTagsRefusesItAtItsKey() {
        let result = load("""
          logs:
            type: log_group
            name: /l
          reads:
            type: metric_filter
            name: r
            log_group: ${logs.name}
            pattern: '{ $.eventName = "GetSecretValue" }'
            metric_namespace: N
            metric_name: M
            lifecycle:
              protect: true
        """)
        let messages = result.diagnostics.map(\.description)
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("s.yaml:13:5: error: metric_filter 'reads' takes no lifecycle: a metric_filter carries no tags") == true)
        #expect(result.stack == nil)
    }

    @Test func aWatchedResourceRefusesIt() {
        let result = load("""
          db:
            type: secret
            watch: true
            name: Existing
            lifecycle:
              retain: true
        """)
        #expect(result.diagnostics.map(\.description)
            == ["s.yaml:7:5: error: secret 'db' is watched (watch: true): secmon never deletes or replaces it, so lifecycle does not apply; remove it"])
    }

    @Test func unknownControlsAndValuesAreLocatedErrors() {
        let result = load("""
          logs:
            type: log_group
            name: /l
            lifecycle:
              prevent_destroy: true
              retain: sometimes
        """)
        let messages = result.diagnostics.map(\.description)
        #expect(messages.count == 2)
        #expect(messages.first?.hasPrefix("s.yaml:7:7: error: unknown property 'prevent_destroy' in lifecycle of log_group 'logs'") == true)
        #expect(messages.last?.hasPrefix("s.yaml:8:15: error: lifecycle.retain of log_group 'logs'") == true)
    }
}
