import SecmonGraph
import SecmonStack
import Testing

/// `shared_across_regions` is a setting of the kinds whose names are global (role, bucket)
/// only, and reaches the graph, where the planner reads it.
@Suite struct SharedAcrossRegionsTests {
    @Test func aGlobalKindMayBeSharedAndTheGraphSaysSo() throws {
        let result = StackLoader.load(text: """
        stack: demo
        resources:
          role:
            type: role
            name: demo-logs
            trusted_service: cloudtrail.amazonaws.com
            shared_across_regions: true
          bucket:
            type: bucket
            name: demo-trail-${aws.region}
        """, file: "stack.yaml")
        #expect(result.diagnostics.map(\.description) == [])
        let graph = try GraphBuilder.build(try #require(result.stack))
        #expect(graph.resources["role"]?.sharedAcrossRegions == true)
        #expect(graph.resources["bucket"]?.sharedAcrossRegions == false)
        #expect(graph.resources["role"]?.properties["shared_across_regions"] == nil, "a setting, never sent to AWS")
    }

    @Test func aRegionalKindCannotBeShared() {
        let result = StackLoader.load(text: """
        stack: demo
        resources:
          logs:
            type: log_group
            name: l
            shared_across_regions: true
        """, file: "stack.yaml")
        #expect(result.diagnostics.map(\.description) == [
            "stack.yaml:6:5: error: unknown property 'shared_across_regions' in log_group 'logs' "
                + "(a log_group is separate in each region; only bucket and role names are global)",
        ])
    }
}
