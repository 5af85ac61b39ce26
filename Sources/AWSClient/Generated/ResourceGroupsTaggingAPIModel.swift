// GENERATED FILE, do not edit. Made by scripts/codegen/generate-models.py from botocore
// 1.43.11 (resourcegroupstaggingapi API 2017-01-26), trimmed to the operations in
// scripts/codegen/operations.json. Regenerate: python3 scripts/codegen/generate-models.py

extension EmbeddedModels {
    static let resourcegroupstaggingapi: String = #"""
{"metadata":{"apiVersion":"2017-01-26","endpointPrefix":"tagging","jsonVersion":"1.1","protocol":"json","protocols":["json"],"serviceId":"Resource Groups Tagging API","targetPrefix":"ResourceGroupsTaggingAPI_20170126"},
"operations":{
"GetResources":{"http":{"method":"POST","requestUri":"/"},"input":{"shape":"GetResourcesInput"},"output":{"shape":"GetResourcesOutput"},"errors":["InvalidParameterException","ThrottledException","InternalServiceException","PaginationTokenExpiredException"]}
},
"shapes":{
"AmazonResourceType":{"type":"string","min":0,"max":256,"pattern":"[\\s\\S]*"},
"ComplianceDetails":{"type":"structure","members":[{"name":"NoncompliantKeys","shape":"TagKeyList"},{"name":"KeysWithNoncompliantValues","shape":"TagKeyList"},{"name":"ComplianceStatus","shape":"ComplianceStatus"}]},
"ComplianceStatus":{"type":"boolean"},
"ExceptionMessage":{"type":"string","min":0,"max":2048},
"ExcludeCompliantResources":{"type":"boolean"},
"GetResourcesInput":{"type":"structure","members":[{"name":"PaginationToken","shape":"PaginationToken"},{"name":"TagFilters","shape":"TagFilterList"},{"name":"ResourcesPerPage","shape":"ResourcesPerPage"},{"name":"TagsPerPage","shape":"TagsPerPage"},{"name":"ResourceTypeFilters","shape":"ResourceTypeFilterList"},{"name":"IncludeComplianceDetails","shape":"IncludeComplianceDetails"},{"name":"ExcludeCompliantResources","shape":"ExcludeCompliantResources"},{"name":"ResourceARNList","shape":"ResourceARNListForGet"}]},
"GetResourcesOutput":{"type":"structure","members":[{"name":"PaginationToken","shape":"PaginationToken"},{"name":"ResourceTagMappingList","shape":"ResourceTagMappingList"}]},
"IncludeComplianceDetails":{"type":"boolean"},
"InternalServiceException":{"type":"structure","exception":true,"fault":true,"members":[{"name":"Message","shape":"ExceptionMessage"}]},
"InvalidParameterException":{"type":"structure","exception":true,"members":[{"name":"Message","shape":"ExceptionMessage"}]},
"PaginationToken":{"type":"string","min":0,"max":2048,"pattern":"[\\s\\S]*"},
"PaginationTokenExpiredException":{"type":"structure","exception":true,"members":[{"name":"Message","shape":"ExceptionMessage"}]},
"ResourceARN":{"type":"string","min":1,"max":1011,"pattern":"[\\s\\S]*"},
"ResourceARNListForGet":{"type":"list","min":1,"max":100,"member":{"shape":"ResourceARN"}},
"ResourceTagMapping":{"type":"structure","members":[{"name":"ResourceARN","shape":"ResourceARN"},{"name":"Tags","shape":"TagList"},{"name":"ComplianceDetails","shape":"ComplianceDetails"}]},
"ResourceTagMappingList":{"type":"list","member":{"shape":"ResourceTagMapping"}},
"ResourceTypeFilterList":{"type":"list","member":{"shape":"AmazonResourceType"}},
"ResourcesPerPage":{"type":"integer"},
"Tag":{"type":"structure","required":["Key","Value"],"members":[{"name":"Key","shape":"TagKey"},{"name":"Value","shape":"TagValue"}]},
"TagFilter":{"type":"structure","members":[{"name":"Key","shape":"TagKey"},{"name":"Values","shape":"TagValueList"}]},
"TagFilterList":{"type":"list","min":0,"max":50,"member":{"shape":"TagFilter"}},
"TagKey":{"type":"string","min":1,"max":128,"pattern":"[\\s\\S]*"},
"TagKeyList":{"type":"list","member":{"shape":"TagKey"}},
"TagList":{"type":"list","member":{"shape":"Tag"}},
"TagValue":{"type":"string","min":0,"max":256,"pattern":"[\\s\\S]*"},
"TagValueList":{"type":"list","min":0,"max":20,"member":{"shape":"TagValue"}},
"TagsPerPage":{"type":"integer"},
"ThrottledException":{"type":"structure","exception":true,"members":[{"name":"Message","shape":"ExceptionMessage"}]}
}}
"""#
}
