// GENERATED FILE, do not edit. Made by scripts/codegen/generate-models.py from botocore
// 1.43.11 (lambda API 2015-03-31), trimmed to the operations in
// scripts/codegen/operations.json. Regenerate: python3 scripts/codegen/generate-models.py

extension EmbeddedModels {
    static let lambda: String = #"""
{"metadata":{"apiVersion":"2015-03-31","endpointPrefix":"lambda","protocol":"rest-json","protocols":["rest-json"],"serviceId":"Lambda","signingName":"lambda"},
"operations":{
"GetPolicy":{"http":{"method":"GET","requestUri":"/2015-03-31/functions/{FunctionName}/policy","responseCode":200},"input":{"shape":"GetPolicyRequest"},"output":{"shape":"GetPolicyResponse"},"errors":["InvalidParameterValueException","ServiceException","TooManyRequestsException","ResourceNotFoundException"]}
},
"shapes":{
"GetPolicyRequest":{"type":"structure","required":["FunctionName"],"members":[{"name":"FunctionName","shape":"NamespacedFunctionName","location":"uri","locationName":"FunctionName"},{"name":"Qualifier","shape":"NumericLatestPublishedOrAliasQualifier","location":"querystring","locationName":"Qualifier"}]},
"GetPolicyResponse":{"type":"structure","members":[{"name":"Policy","shape":"String"},{"name":"RevisionId","shape":"String"}]},
"InvalidParameterValueException":{"type":"structure","error":{"httpStatusCode":400,"senderFault":true},"exception":true,"members":[{"name":"Type","shape":"String"},{"name":"message","shape":"String"}]},
"NamespacedFunctionName":{"type":"string","min":1,"max":256,"pattern":"(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?"},
"NumericLatestPublishedOrAliasQualifier":{"type":"string","min":1,"max":128,"pattern":"\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+"},
"ResourceNotFoundException":{"type":"structure","error":{"httpStatusCode":404,"senderFault":true},"exception":true,"members":[{"name":"Type","shape":"String"},{"name":"Message","shape":"String"}]},
"ServiceException":{"type":"structure","error":{"httpStatusCode":500},"exception":true,"fault":true,"members":[{"name":"Type","shape":"String"},{"name":"Message","shape":"String"}]},
"String":{"type":"string"},
"ThrottleReason":{"type":"string","enum":["ConcurrentInvocationLimitExceeded","FunctionInvocationRateLimitExceeded","ReservedFunctionConcurrentInvocationLimitExceeded","ReservedFunctionInvocationRateLimitExceeded","CallerRateLimitExceeded","ConcurrentSnapshotCreateLimitExceeded"]},
"TooManyRequestsException":{"type":"structure","error":{"httpStatusCode":429,"senderFault":true},"exception":true,"members":[{"name":"retryAfterSeconds","shape":"String","location":"header","locationName":"Retry-After"},{"name":"Type","shape":"String"},{"name":"message","shape":"String"},{"name":"Reason","shape":"ThrottleReason"}]}
}}
"""#
}
