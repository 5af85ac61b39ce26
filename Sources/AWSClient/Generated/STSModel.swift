// GENERATED FILE, do not edit. Made by scripts/codegen/generate-models.py from botocore
// 1.43.11 (sts API 2011-06-15), trimmed to the operations in
// scripts/codegen/operations.json. Regenerate: python3 scripts/codegen/generate-models.py

extension EmbeddedModels {
    static let sts: String = #"""
{"metadata":{"apiVersion":"2011-06-15","endpointPrefix":"sts","globalEndpoint":"sts.amazonaws.com","protocol":"query","protocols":["query"],"serviceId":"STS","xmlNamespace":"https://sts.amazonaws.com/doc/2011-06-15/"},
"operations":{
"GetCallerIdentity":{"http":{"method":"POST","requestUri":"/"},"input":{"shape":"GetCallerIdentityRequest"},"output":{"shape":"GetCallerIdentityResponse","resultWrapper":"GetCallerIdentityResult"}}
},
"shapes":{
"GetCallerIdentityRequest":{"type":"structure","members":[]},
"GetCallerIdentityResponse":{"type":"structure","members":[{"name":"UserId","shape":"userIdType"},{"name":"Account","shape":"accountType"},{"name":"Arn","shape":"arnType"}]},
"accountType":{"type":"string"},
"arnType":{"type":"string","min":20,"max":2048,"pattern":"[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+"},
"userIdType":{"type":"string"}
}}
"""#
}
