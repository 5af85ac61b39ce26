// GENERATED FILE, do not edit. Made by scripts/codegen/generate-models.py from botocore
// 1.43.11 (sso API 2019-06-10), trimmed to the operations in
// scripts/codegen/operations.json. Regenerate: python3 scripts/codegen/generate-models.py

extension EmbeddedModels {
    static let sso: String = #"""
{"metadata":{"apiVersion":"2019-06-10","endpointPrefix":"portal.sso","jsonVersion":"1.1","protocol":"rest-json","protocols":["rest-json"],"serviceId":"SSO","signingName":"awsssoportal"},
"operations":{
"GetRoleCredentials":{"http":{"method":"GET","requestUri":"/federation/credentials"},"input":{"shape":"GetRoleCredentialsRequest"},"output":{"shape":"GetRoleCredentialsResponse"},"errors":["InvalidRequestException","UnauthorizedException","TooManyRequestsException","ResourceNotFoundException"],"authtype":"none"}
},
"shapes":{
"AccessKeyType":{"type":"string"},
"AccessTokenType":{"type":"string","sensitive":true},
"AccountIdType":{"type":"string"},
"ErrorDescription":{"type":"string"},
"ExpirationTimestampType":{"type":"long"},
"GetRoleCredentialsRequest":{"type":"structure","required":["roleName","accountId","accessToken"],"members":[{"name":"roleName","shape":"RoleNameType","location":"querystring","locationName":"role_name"},{"name":"accountId","shape":"AccountIdType","location":"querystring","locationName":"account_id"},{"name":"accessToken","shape":"AccessTokenType","location":"header","locationName":"x-amz-sso_bearer_token"}]},
"GetRoleCredentialsResponse":{"type":"structure","members":[{"name":"roleCredentials","shape":"RoleCredentials"}]},
"InvalidRequestException":{"type":"structure","error":{"httpStatusCode":400},"exception":true,"members":[{"name":"message","shape":"ErrorDescription"}]},
"ResourceNotFoundException":{"type":"structure","error":{"httpStatusCode":404},"exception":true,"members":[{"name":"message","shape":"ErrorDescription"}]},
"RoleCredentials":{"type":"structure","members":[{"name":"accessKeyId","shape":"AccessKeyType"},{"name":"secretAccessKey","shape":"SecretAccessKeyType"},{"name":"sessionToken","shape":"SessionTokenType"},{"name":"expiration","shape":"ExpirationTimestampType"}]},
"RoleNameType":{"type":"string"},
"SecretAccessKeyType":{"type":"string","sensitive":true},
"SessionTokenType":{"type":"string","sensitive":true},
"TooManyRequestsException":{"type":"structure","error":{"httpStatusCode":429},"exception":true,"members":[{"name":"message","shape":"ErrorDescription"}]},
"UnauthorizedException":{"type":"structure","error":{"httpStatusCode":401},"exception":true,"members":[{"name":"message","shape":"ErrorDescription"}]}
}}
"""#
}
