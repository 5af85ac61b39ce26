import XCTest
@testable import SecmonStack

/// One broken stack per validation rule, each with the exact diagnostics `secmon validate`
/// prints (file:line:col: error: message), all of them, in position order.
final class BrokenStackTests: XCTestCase {

    func testUnknownTopLevelKey() {
        assertDiagnostics(file: "unknown_top_level_key.yaml", #"""
stack: demo
resorces: {}
"""#, [
            #"unknown_top_level_key.yaml:1:1: error: missing 'resources:' at the top level"#,
            #"unknown_top_level_key.yaml:2:1: error: unknown top-level key 'resorces' (did you mean 'resources'?)"#,
        ])
    }

    func testMissingStack() {
        assertDiagnostics(file: "missing_stack.yaml", #"""
resources:
  alerts:
    type: topic
    name: A
"""#, [
            #"missing_stack.yaml:1:1: error: missing 'stack: <name>' at the top level (the stack's name, used to tag what it owns)"#,
        ])
    }

    func testBadStackName() {
        assertDiagnostics(file: "bad_stack_name.yaml", #"""
stack: my_stack!
resources: {}
"""#, [
            #"bad_stack_name.yaml:1:8: error: stack name 'my_stack!' contains '_', but only letters, digits and '-' are allowed"#,
        ])
    }

    func testBadRegion() {
        assertDiagnostics(file: "bad_region.yaml", #"""
stack: demo
region: useast1
resources: {}
"""#, [
            #"bad_region.yaml:2:9: error: region 'useast1' is not a region name such as us-east-1"#,
        ])
    }

    func testUnknownKind() {
        assertDiagnostics(file: "unknown_kind.yaml", #"""
stack: demo
resources:
  alerts:
    type: topik
    name: A
"""#, [
            #"unknown_kind.yaml:4:11: error: unknown kind 'topik' for resource 'alerts' (did you mean 'topic'?) (kinds: secret, bucket, role, log_group, trail, metric_filter, alarm, topic, subscription, event_rule, event_target)"#,
        ])
    }

    func testMissingType() {
        assertDiagnostics(file: "missing_type.yaml", #"""
stack: demo
resources:
  alerts:
    name: A
"""#, [
            #"missing_type.yaml:3:3: error: resource 'alerts' has no 'type' (one of secret, bucket, role, log_group, trail, metric_filter, alarm, topic, subscription, event_rule, event_target)"#,
        ])
    }

    func testBadLogicalId() {
        assertDiagnostics(file: "bad_logical_id.yaml", #"""
stack: demo
resources:
  Alerts:
    type: topic
    name: A
"""#, [
            #"bad_logical_id.yaml:3:3: error: logical id 'Alerts' contains 'A', but only lowercase letters, digits and '_' are allowed"#,
        ])
    }

    func testReservedLogicalId() {
        assertDiagnostics(file: "reserved_logical_id.yaml", #"""
stack: demo
resources:
  aws:
    type: topic
    name: A
"""#, [
            #"reserved_logical_id.yaml:3:3: error: logical id 'aws' is reserved for ${aws.…} references"#,
        ])
    }

    func testUnknownProperty() {
        assertDiagnostics(file: "unknown_property.yaml", #"""
stack: demo
resources:
  alerts:
    type: topic
    name: A
  secret_read:
    type: alarm
    name: x
    metric_namespace: N
    metric_name: M
    treshold: 2
"""#, [
            #"unknown_property.yaml:11:5: error: unknown property 'treshold' in alarm 'secret_read' (did you mean 'threshold'?)"#,
        ])
    }

    func testMissingRequired() {
        assertDiagnostics(file: "missing_required.yaml", #"""
stack: demo
resources:
  logs:
    type: log_group
"""#, [
            #"missing_required.yaml:3:3: error: log_group 'logs' is missing required property 'name'"#,
        ])
    }

    func testMistypedString() {
        assertDiagnostics(file: "mistyped_string.yaml", #"""
stack: demo
resources:
  logs:
    type: log_group
    name: 123
"""#, [
            #"mistyped_string.yaml:5:11: error: name of log_group 'logs' must be a string, not an integer (put it in quotes)"#,
        ])
    }

    func testMistypedInt() {
        assertDiagnostics(file: "mistyped_int.yaml", #"""
stack: demo
resources:
  logs:
    type: log_group
    name: l
    retention_days: thirty
"""#, [
            #"mistyped_int.yaml:6:21: error: retention_days of log_group 'logs' must be an integer, not 'thirty'"#,
        ])
    }

    func testMistypedBool() {
        assertDiagnostics(file: "mistyped_bool.yaml", #"""
stack: demo
resources:
  b:
    type: bucket
    name: my-bucket
    force_destroy: yes
"""#, [
            #"mistyped_bool.yaml:6:20: error: force_destroy of bucket 'b' must be true or false, not 'yes'"#,
        ])
    }

    func testMistypedList() {
        assertDiagnostics(file: "mistyped_list.yaml", #"""
stack: demo
resources:
  t:
    type: topic
    name: t
    allow_publish_from: cloudwatch
"""#, [
            #"mistyped_list.yaml:6:25: error: allow_publish_from of topic 't' must be a list, not a string"#,
        ])
    }

    func testRetentionNotAllowed() {
        assertDiagnostics(file: "retention_not_allowed.yaml", #"""
stack: demo
resources:
  logs:
    type: log_group
    name: l
    retention_days: 10
"""#, [
            #"retention_not_allowed.yaml:6:21: error: retention_days 10 of log_group 'logs' must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"#,
        ])
    }

    func testTrailNameRules() {
        assertDiagnostics(file: "trail_name_rules.yaml", #"""
stack: demo
resources:
  b:
    type: bucket
    name: my-bucket
    cloudtrail_delivery: true
  short:
    type: trail
    name: ab
    bucket: ${b.name}
  adjacent:
    type: trail
    name: my_-trail
    bucket: ${b.name}
  ip:
    type: trail
    name: 192.168.1.1
    bucket: ${b.name}
"""#, [
            #"trail_name_rules.yaml:9:11: error: name 'ab' of trail 'short' is 2 characters long; the minimum is 3"#,
            #"trail_name_rules.yaml:13:11: error: name 'my_-trail' of trail 'adjacent' may not contain '_-'"#,
            #"trail_name_rules.yaml:17:11: error: name '192.168.1.1' of trail 'ip' is formatted as an IP address"#,
        ])
    }

    func testBucketNameRules() {
        assertDiagnostics(file: "bucket_name_rules.yaml", #"""
stack: demo
resources:
  upper:
    type: bucket
    name: My-Bucket
  dots:
    type: bucket
    name: my..bucket
  ip:
    type: bucket
    name: 10.0.0.1
  prefix:
    type: bucket
    name: xn--bucket
  suffix:
    type: bucket
    name: bucket-s3alias
  edge:
    type: bucket
    name: bucket-
"""#, [
            #"bucket_name_rules.yaml:5:11: error: name 'My-Bucket' of bucket 'upper' contains 'M', but only lowercase letters, digits, '.' and '-' are allowed"#,
            #"bucket_name_rules.yaml:8:11: error: name 'my..bucket' of bucket 'dots' may not contain two adjacent periods"#,
            #"bucket_name_rules.yaml:11:11: error: name '10.0.0.1' of bucket 'ip' is formatted as an IP address"#,
            #"bucket_name_rules.yaml:14:11: error: name 'xn--bucket' of bucket 'prefix' may not start with 'xn--'"#,
            #"bucket_name_rules.yaml:17:11: error: name 'bucket-s3alias' of bucket 'suffix' may not end with '-s3alias'"#,
            #"bucket_name_rules.yaml:20:11: error: name 'bucket-' of bucket 'edge' must end with a lowercase letter or digit"#,
        ])
    }

    func testSecretNameChars() {
        assertDiagnostics(file: "secret_name_chars.yaml", #"""
stack: demo
resources:
  s:
    type: secret
    name: top secret
"""#, [
            #"secret_name_chars.yaml:5:11: error: name 'top secret' of secret 's' contains a space, but only letters, digits and /_+=.@- are allowed"#,
        ])
    }

    func testMetricNameColon() {
        assertDiagnostics(file: "metric_name_colon.yaml", #"""
stack: demo
resources:
  logs:
    type: log_group
    name: l
  f:
    type: metric_filter
    name: f
    log_group: ${logs.name}
    pattern: ''
    metric_namespace: AWS/Logs
    metric_name: a:b
"""#, [
            #"metric_name_colon.yaml:11:23: error: metric_namespace 'AWS/Logs' of metric_filter 'f' may not start with 'AWS/'"#,
            #"metric_name_colon.yaml:12:18: error: metric_name 'a:b' of metric_filter 'f' may not contain ':'"#,
        ])
    }

    func testEnumDidYouMean() {
        assertDiagnostics(file: "enum_did_you_mean.yaml", #"""
stack: demo
resources:
  a:
    type: alarm
    name: a
    metric_namespace: N
    metric_name: M
    statistic: sum
"""#, [
            #"enum_did_you_mean.yaml:8:16: error: statistic 'sum' of alarm 'a' must be one of SampleCount, Average, Sum, Minimum, Maximum (did you mean 'Sum'?)"#,
        ])
    }

    func testPeriodValues() {
        assertDiagnostics(file: "period_values.yaml", #"""
stack: demo
resources:
  a:
    type: alarm
    name: a
    metric_namespace: N
    metric_name: M
    period: 45
"""#, [
            #"period_values.yaml:8:13: error: period 45 of alarm 'a' must be 10, 20, 30 or a multiple of 60"#,
        ])
    }

    /// AWS's evaluation window: 1 day for periods under an hour, 7 days otherwise, and never an
    /// overflow however large the numbers (issue 15: Int.max evaluation periods crashed `test`).
    func testEvaluationWindowLimits() {
        assertDiagnostics(file: "evaluation_window.yaml", #"""
stack: demo
resources:
  a: {type: alarm, name: a, metric_namespace: N, metric_name: M, evaluation_periods: 9223372036854775807, datapoints_to_alarm: 1}
  b: {type: alarm, name: b, metric_namespace: N, metric_name: M, period: 60, evaluation_periods: 1441}
  c: {type: alarm, name: c, metric_namespace: N, metric_name: M, period: 3600, evaluation_periods: 168}
  d: {type: alarm, name: d, metric_namespace: N, metric_name: M, period: 3600, evaluation_periods: 169}
"""#, [
            #"evaluation_window.yaml:3:86: error: evaluation_periods 9223372036854775807 of alarm 'a' must be at most 8640"#,
            #"evaluation_window.yaml:4:78: error: period x evaluation_periods (60 x 1441) is more than AWS allows: at most 86400 s (1 day) for periods under an hour in alarm 'b'"#,
            #"evaluation_window.yaml:6:80: error: period x evaluation_periods (3600 x 169) is more than AWS allows: at most 604800 s (7 days) in alarm 'd'"#,
        ])
    }

    func testTooManyActions() {
        assertDiagnostics(file: "too_many_actions.yaml", #"""
stack: demo
resources:
  a:
    type: alarm
    name: a
    metric_namespace: N
    metric_name: M
    alarm_actions: ["arn:aws:sns:us-east-1:111122223333:a", "arn:aws:sns:us-east-1:111122223333:b",
                    "arn:aws:sns:us-east-1:111122223333:c", "arn:aws:sns:us-east-1:111122223333:d",
                    "arn:aws:sns:us-east-1:111122223333:e", "arn:aws:sns:us-east-1:111122223333:f"]
"""#, [
            #"too_many_actions.yaml:8:20: error: alarm_actions of alarm 'a' has 6 entries; the maximum is 5"#,
        ])
    }

    func testUnknownReferenceResource() {
        assertDiagnostics(file: "unknown_reference_resource.yaml", #"""
stack: demo
resources:
  alerts:
    type: topic
    name: A
  s:
    type: subscription
    topic: ${alertz.arn}
    protocol: email
    endpoint: a@example.com
"""#, [
            #"unknown_reference_resource.yaml:8:12: error: topic of subscription 's' refers to unknown resource 'alertz' in ${alertz.arn} (did you mean 'alerts'?)"#,
        ])
    }

    func testUnknownReferenceAttribute() {
        assertDiagnostics(file: "unknown_reference_attribute.yaml", #"""
stack: demo
resources:
  alerts:
    type: topic
    name: A
  s:
    type: subscription
    topic: ${alerts.am}
    protocol: email
    endpoint: a@example.com
  s2:
    type: subscription
    topic: ${s.name}
    protocol: email
    endpoint: b@example.com
"""#, [
            #"unknown_reference_attribute.yaml:8:12: error: topic of subscription 's' refers to attribute 'am' of topic 'alerts' in ${alerts.am}, but a topic has only name, arn"#,
            #"unknown_reference_attribute.yaml:13:12: error: topic of subscription 's2' refers to attribute 'name' of subscription 's' in ${s.name}, but a subscription has only arn"#,
        ])
    }

    func testMalformedReference() {
        assertDiagnostics(file: "malformed_reference.yaml", #"""
stack: demo
resources:
  alerts:
    type: topic
    name: ${stack.name
  other:
    type: topic
    name: ${alerts}
"""#, [
            #"malformed_reference.yaml:5:11: error: name of topic 'alerts' has an unterminated reference '${stack.name' (missing '}')"#,
            #"malformed_reference.yaml:8:11: error: name of topic 'other' has a malformed reference '${alerts}'; write ${resource.attribute}, ${var.name}, ${stack.name} or ${aws.region}"#,
        ])
    }

    func testBuiltinReferences() {
        assertDiagnostics(file: "builtin_references.yaml", #"""
stack: demo
resources:
  alerts:
    type: topic
    name: x-${aws.acount_id}
  other:
    type: topic
    name: ${stack.id}
"""#, [
            #"builtin_references.yaml:5:13: error: name of topic 'alerts' refers to unknown attribute 'acount_id' in ${aws.acount_id}; aws has account_id, region, partition (did you mean 'account_id'?)"#,
            #"builtin_references.yaml:8:11: error: name of topic 'other' refers to unknown stack attribute 'id' in ${stack.id}; only ${stack.name} exists"#,
        ])
    }

    func testUnknownVariable() {
        assertDiagnostics(file: "unknown_variable.yaml", #"""
stack: demo
variables:
  alert_email: {}
resources:
  alerts:
    type: topic
    name: A
  s:
    type: subscription
    topic: ${alerts.arn}
    protocol: email
    endpoint: ${var.alert_mail}
  s2:
    type: subscription
    topic: ${alerts.arn}
    protocol: email
    endpoint: ${var.alert_email}
"""#, [
            #"unknown_variable.yaml:3:3: error: variable 'alert_email' has no value: pass --var alert_email=... or --var-file, or give it a default"#,
            #"unknown_variable.yaml:12:15: error: endpoint of subscription 's' refers to undeclared variable 'alert_mail' in ${var.alert_mail} (did you mean 'alert_email'?)"#,
        ])
    }

    func testReferenceCycle() {
        assertDiagnostics(file: "reference_cycle.yaml", #"""
stack: demo
resources:
  a:
    type: topic
    name: a
    display_name: ${b.name}
  b:
    type: topic
    name: b
    display_name: ${c.name}
  c:
    type: topic
    name: c
    depends_on: [a]
"""#, [
            #"reference_cycle.yaml:3:3: error: reference cycle: a -> b -> c -> a"#,
        ])
    }

    func testSelfReference() {
        assertDiagnostics(file: "self_reference.yaml", #"""
stack: demo
resources:
  a:
    type: topic
    name: a
    display_name: ${a.arn}
"""#, [
            #"self_reference.yaml:3:3: error: reference cycle: a -> a"#,
        ])
    }

    func testDuplicatePhysicalName() {
        assertDiagnostics(file: "duplicate_physical_name.yaml", #"""
stack: demo
resources:
  a:
    type: topic
    name: SecurityAlarms
  b:
    type: topic
    name: SecurityAlarms
  c:
    type: log_group
    name: SecurityAlarms
"""#, [
            #"duplicate_physical_name.yaml:8:11: error: topic 'b' has the same name 'SecurityAlarms' as topic 'a' (line 3); both would be the same AWS resource"#,
        ])
    }

    func testTrailRoleWithoutLogGroup() {
        assertDiagnostics(file: "trail_role_without_log_group.yaml", #"""
stack: demo
resources:
  b:
    type: bucket
    name: my-bucket
    cloudtrail_delivery: true
  logs:
    type: log_group
    name: l
  t:
    type: trail
    name: my-trail
    bucket: ${b.name}
    log_group: ${logs.arn}
"""#, [
            #"trail_role_without_log_group.yaml:14:5: error: trail 't' sets log_group but no role: CloudTrail needs a role to deliver to CloudWatch Logs"#,
        ])
    }

    func testAlarmMetricBoth() {
        assertDiagnostics(file: "alarm_metric_both.yaml", #"""
stack: demo
resources:
  logs:
    type: log_group
    name: l
  f:
    type: metric_filter
    name: f
    log_group: ${logs.name}
    pattern: ''
    metric_namespace: N
    metric_name: M
  a:
    type: alarm
    name: a
    metric_filter: ${f.name}
    metric_name: M
  b:
    type: alarm
    name: b
  c:
    type: alarm
    name: c
    metric_namespace: N
"""#, [
            #"alarm_metric_both.yaml:16:5: error: alarm 'a' sets metric_filter and metric_name: give either metric_filter or metric_namespace and metric_name"#,
            #"alarm_metric_both.yaml:18:3: error: alarm 'b' needs a metric: set metric_filter, or metric_namespace and metric_name"#,
            #"alarm_metric_both.yaml:24:5: error: alarm 'c' sets metric_namespace without metric_name"#,
        ])
    }

    func testAlarmMetricFilterNotReference() {
        assertDiagnostics(file: "alarm_metric_filter_not_reference.yaml", #"""
stack: demo
resources:
  a:
    type: alarm
    name: a
    metric_filter: my-filter
"""#, [
            #"alarm_metric_filter_not_reference.yaml:6:20: error: metric_filter of alarm 'a' must be a reference to a metric_filter in this stack, like ${<metric_filter>.name}"#,
        ])
    }

    func testDatapointsOverPeriods() {
        assertDiagnostics(file: "datapoints_over_periods.yaml", #"""
stack: demo
resources:
  a:
    type: alarm
    name: a
    metric_namespace: N
    metric_name: M
    evaluation_periods: 2
    datapoints_to_alarm: 3
"""#, [
            #"datapoints_over_periods.yaml:9:5: error: datapoints_to_alarm (3) is greater than evaluation_periods (2) in alarm 'a'"#,
        ])
    }

    func testSecretValueSources() {
        assertDiagnostics(file: "secret_value_sources.yaml", #"""
stack: demo
resources:
  both:
    type: secret
    name: a
    value:
      from_env: A
      from_file: a.txt
  neither:
    type: secret
    name: b
    value: {}
  typo:
    type: secret
    name: c
    value:
      from_enf: A
"""#, [
            #"secret_value_sources.yaml:7:7: error: value of secret 'both' needs exactly one of 'from_env' or 'from_file', not both"#,
            #"secret_value_sources.yaml:12:12: error: value of secret 'neither' needs exactly one of 'from_env' or 'from_file'"#,
            #"secret_value_sources.yaml:17:7: error: unknown property 'from_enf' in value of secret 'typo' (did you mean 'from_env'?)"#,
        ])
    }

    func testBucketKmsWithoutKms() {
        assertDiagnostics(file: "bucket_kms_without_kms.yaml", #"""
stack: demo
resources:
  b:
    type: bucket
    name: my-bucket
    kms_key: alias/x
"""#, [
            #"bucket_kms_without_kms.yaml:6:5: error: kms_key is only allowed with encryption: aws:kms in bucket 'b'"#,
        ])
    }

    func testReservedTagKeys() {
        assertDiagnostics(file: "reserved_tag_keys.yaml", #"""
stack: demo
tags:
  secmon:stack: other
resources:
  a:
    type: topic
    name: a
    tags:
      aws:cloudformation: x
      owner: me
"""#, [
            #"reserved_tag_keys.yaml:3:3: error: tags key 'secmon:stack' of the stack starts with 'secmon:', which secmon reserves for its own tags"#,
            #"reserved_tag_keys.yaml:9:7: error: tags key 'aws:cloudformation' of topic 'a' starts with 'aws:', which AWS reserves"#,
        ])
    }

    func testTagsOnUntaggable() {
        assertDiagnostics(file: "tags_on_untaggable.yaml", #"""
stack: demo
resources:
  logs:
    type: log_group
    name: l
  f:
    type: metric_filter
    name: f
    log_group: ${logs.name}
    pattern: ''
    metric_namespace: N
    metric_name: M
    tags: {a: b}
"""#, [
            #"tags_on_untaggable.yaml:13:5: error: unknown property 'tags' in metric_filter 'f' (a metric_filter takes no tags)"#,
        ])
    }

    func testAnARNPropertyTakesOnlyAnARNAttributeOrALiteralARN() {
        assertDiagnostics(file: "arn_types.yaml", #"""
stack: demo
resources:
  oncall:
    type: topic
    name: oncall
  reads:
    type: metric_filter
    name: reads
    log_group: /x
    pattern: '{ $.eventName = "GetSecretValue" }'
    metric_namespace: N
    metric_name: M
  a:
    type: alarm
    name: a
    metric_filter: ${reads.name}
    alarm_actions: ["${oncall.name}", "${oncall.arn}", "arn:aws:sns:us-east-1:111122223333:t"]
    ok_actions: ["${reads.name}", "oncall", "arn:${aws.partition}:sns:${aws.region}:${aws.account_id}:oncall"]
    insufficient_data_actions: ["${aws.account_id}", "topic-${oncall.arn}"]
  s:
    type: subscription
    topic: ${oncall.name}
    protocol: email
    endpoint: a@example.com
"""#, [
            #"arn_types.yaml:17:21: error: alarm_actions[0] of alarm 'a' needs an ARN, but ${oncall.name} is the topic's name: write ${oncall.arn}"#,
            #"arn_types.yaml:18:18: error: ok_actions[0] of alarm 'a' needs an ARN, but ${reads.name} is the metric_filter's name, and a metric_filter has no ARN"#,
            #"arn_types.yaml:18:35: error: ok_actions[1] 'oncall' of alarm 'a' is not an ARN (arn:partition:service:region:account:resource)"#,
            #"arn_types.yaml:19:33: error: insufficient_data_actions[0] of alarm 'a' needs an ARN, but ${aws.account_id} is not one"#,
            #"arn_types.yaml:19:54: error: insufficient_data_actions[1] of alarm 'a' must be an ARN: a literal arn:... or a reference to an ARN such as ${<id>.arn}"#,
            #"arn_types.yaml:22:12: error: topic of subscription 's' needs an ARN, but ${oncall.name} is the topic's name: write ${oncall.arn}"#,
        ])
    }

    func testAWatchedResourceTakesOnlyItsName() {
        assertDiagnostics(file: "watched.yaml", #"""
stack: demo
resources:
  db:
    type: secret
    watch: true
    name: Existing
    description: not ours to change
  g:
    type: log_group
    watch: true
"""#, [
            #"watched.yaml:7:5: error: secret 'db' is watched (watch: true): secmon never changes it, so it takes only name, not 'description'"#,
            #"watched.yaml:8:3: error: log_group 'g' is missing required property 'name'"#,
        ])
    }

    func testWrongReferenceKind() {
        assertDiagnostics(file: "wrong_reference_kind.yaml", #"""
stack: demo
resources:
  b:
    type: bucket
    name: my-bucket
  logs:
    type: log_group
    name: l
  r:
    type: role
    name: r
    trusted_service: cloudtrail.amazonaws.com
    allow_cloudtrail_logs: ${logs.arn}
  t:
    type: trail
    name: my-trail
    bucket: ${logs.name}
    log_group: ${logs.name}
    role: ${r.arn}
"""#, [
            #"wrong_reference_kind.yaml:17:13: error: bucket of trail 't' refers to log_group 'logs', but needs a bucket (${<bucket>.name})"#,
            #"wrong_reference_kind.yaml:18:16: error: log_group of trail 't' needs an ARN, but ${logs.name} is the log_group's name: write ${logs.arn}"#,
        ])
    }

    func testDependsOnUnknown() {
        assertDiagnostics(file: "depends_on_unknown.yaml", #"""
stack: demo
resources:
  a:
    type: topic
    name: a
    depends_on: [alertz]
  alerts:
    type: topic
    name: b
"""#, [
            #"depends_on_unknown.yaml:6:18: error: depends_on of topic 'a' names unknown resource 'alertz' (did you mean 'alerts'?)"#,
        ])
    }

    func testSubscriptionEndpoint() {
        assertDiagnostics(file: "subscription_endpoint.yaml", #"""
stack: demo
resources:
  t:
    type: topic
    name: t
  s:
    type: subscription
    topic: ${t.arn}
    protocol: email
    endpoint: not-an-address
"""#, [
            #"subscription_endpoint.yaml:10:5: error: endpoint 'not-an-address' is not an email address (protocol email) in subscription 's'"#,
        ])
    }

    func testSyntaxError() {
        assertDiagnostics(file: "syntax_error.yaml", #"""
stack: demo
resources:
  a: [1, 2
"""#, [
            #"syntax_error.yaml:4:1: error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence"#,
        ])
    }

    func testSeveralDocuments() {
        assertDiagnostics(file: "several_documents.yaml", #"""
stack: demo
---
stack: other
"""#, [
            #"several_documents.yaml:2:1: error: invalid YAML: expected a single document in the stream, but found another document"#,
        ])
    }

    func testNullResourcesBody() {
        assertDiagnostics(file: "null_resources_body.yaml", #"""
stack: demo
resources:
  a:
"""#, [
            #"null_resources_body.yaml:3:5: error: resource 'a' must be a map with 'type' and its properties, not null"#,
        ])
    }

    func testManyProblemsSorted() {
        assertDiagnostics(file: "many_problems_sorted.yaml", #"""
stack: demo
resources:
  b:
    type: bucket
    name: Bad_Bucket
    colour: red
  a:
    type: alarm
    name: a
    metric_namespace: N
    metric_name: M
    period: 7
"""#, [
            #"many_problems_sorted.yaml:5:11: error: name 'Bad_Bucket' of bucket 'b' contains 'B', but only lowercase letters, digits, '.' and '-' are allowed"#,
            #"many_problems_sorted.yaml:6:5: error: unknown property 'colour' in bucket 'b' (expected one of: cloudtrail_delivery, depends_on, encryption, force_destroy, kms_key, lifecycle, log_expiry_days, name, public_access_block, shared_across_regions, tags)"#,
            #"many_problems_sorted.yaml:12:13: error: period 7 of alarm 'a' must be at least 10"#,
        ])
    }

    func testDupSubscription() {
        assertDiagnostics(file: "dup_subscription.yaml", #"""
stack: demo
resources:
  t:
    type: topic
    name: t
  a:
    type: subscription
    topic: ${t.arn}
    protocol: email
    endpoint: a@example.com
  b:
    type: subscription
    topic: ${t.arn}
    protocol: email
    endpoint: a@example.com
"""#, [
            #"dup_subscription.yaml:15:15: error: subscription 'b' has the same topic, protocol and endpoint as subscription 'a' (line 6); both would be the same AWS resource"#,
        ])
    }

    func testDupFilter() {
        assertDiagnostics(file: "dup_filter.yaml", #"""
stack: demo
resources:
  g1:
    type: log_group
    name: g1
  g2:
    type: log_group
    name: g2
  f1:
    type: metric_filter
    name: reads
    log_group: ${g1.name}
    pattern: ''
    metric_namespace: N
    metric_name: M
  f2:
    type: metric_filter
    name: reads
    log_group: ${g2.name}
    pattern: ''
    metric_namespace: N
    metric_name: M
  f3:
    type: metric_filter
    name: reads
    log_group: ${g1.name}
    pattern: ''
    metric_namespace: N
    metric_name: M
"""#, [
            #"dup_filter.yaml:25:11: error: metric_filter 'f3' has the same log_group and name as metric_filter 'f1' (line 9); both would be the same AWS resource"#,
        ])
    }

    func testDupTemplateName() {
        assertDiagnostics(file: "dup_template_name.yaml", #"""
stack: demo
resources:
  a:
    type: bucket
    name: logs-${aws.account_id}
  b:
    type: bucket
    name: logs-${aws.account_id}
"""#, [
            #"dup_template_name.yaml:8:11: error: bucket 'b' has the same name 'logs-${aws.account_id}' as bucket 'a' (line 3); both would be the same AWS resource"#,
        ])
    }

    func testTooManyTags() {
        let stackTags = (0..<40).map { "  k\($0): v" }.joined(separator: "\n")
        let ownTags = (0..<10).map { "      r\($0): v" }.joined(separator: "\n")
        assertDiagnostics(file: "tags.yaml", "stack: demo\ntags:\n\(stackTags)\nresources:\n  t:\n    type: topic\n    name: t\n    tags:\n\(ownTags)\n", [
            "tags.yaml:47:5: error: topic 't' would carry 50 tags (stack-wide ones included); AWS allows 50, of which secmon uses 2",
        ])
    }

    func testTrailWiringAWSWouldRefuse() {
        assertDiagnostics(file: "wiring.yaml", #"""
stack: demo
resources:
  b:
    type: bucket
    name: my-bucket
  logs:
    type: log_group
    name: l
  other_logs:
    type: log_group
    name: l2
  lambda_role:
    type: role
    name: r1
    trusted_service: lambda.amazonaws.com
  logs_role:
    type: role
    name: r2
    trusted_service: cloudtrail.amazonaws.com
    allow_cloudtrail_logs: ${other_logs.arn}
  alerts:
    type: topic
    name: alerts
  t1:
    type: trail
    name: trail-one
    bucket: ${b.name}
    log_group: ${logs.arn}
    role: ${lambda_role.arn}
    sns_topic: ${alerts.arn}
  t2:
    type: trail
    name: trail-two
    bucket: elsewhere
    log_group: ${logs.arn}
    role: ${logs_role.arn}
"""#, [
            #"wiring.yaml:27:13: error: trail 't1' delivers to bucket 'b', which does not set cloudtrail_delivery: true, so CloudTrail may not write to it"#,
            #"wiring.yaml:29:11: error: trail 't1' delivers through role 'lambda_role', which trusts lambda.amazonaws.com, not cloudtrail.amazonaws.com"#,
            #"wiring.yaml:30:16: error: trail 't1' notifies topic 'alerts', whose allow_publish_from does not include cloudtrail, so CloudTrail may not publish to it"#,
            #"wiring.yaml:36:11: error: trail 't2' delivers to log group 'logs' through role 'logs_role', which does not allow it: set allow_cloudtrail_logs: ${logs.arn} on the role"#,
        ])
    }
}
