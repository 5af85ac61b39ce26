// AWSClient
