import Foundation

/// The CREATE TABLE statement for a trail's logs in Athena, as the Athena user guide defines the
/// CloudTrail table ("Create the table for CloudTrail logs in Athena using partition
/// projection"): the CloudTrail columns, with partitions by region and by day projected from
/// the S3 key layout `AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/`, so no partition
/// is ever added by hand. `AthenaQuery` compiles filters against exactly these columns.
public struct CloudTrailTable: Sendable, Hashable {
    public var database: String
    public var table: String
    public var bucket: String
    /// The trail's `key_prefix`, if any.
    public var keyPrefix: String?
    public var accountID: String
    public var regions: [String]
    /// First day of the `timestamp` projection (`yyyy/MM/dd`).
    public var since: String

    public init(database: String, table: String, bucket: String, keyPrefix: String?, accountID: String, regions: [String], since: String) {
        self.database = database
        self.table = table
        self.bucket = bucket
        self.keyPrefix = keyPrefix
        self.accountID = accountID
        self.regions = regions
        self.since = since
    }

    public var location: String {
        let prefix = keyPrefix.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
        return "s3://\(bucket)/\(prefix)AWSLogs/\(accountID)/CloudTrail/"
    }

    public var createStatement: String {
        """
        CREATE EXTERNAL TABLE IF NOT EXISTS `\(database)`.`\(table)` (
            eventversion STRING,
            useridentity STRUCT<
                type: STRING,
                principalid: STRING,
                arn: STRING,
                accountid: STRING,
                invokedby: STRING,
                accesskeyid: STRING,
                username: STRING,
                onbehalfof: STRUCT<
                    userid: STRING,
                    identitystorearn: STRING>,
                sessioncontext: STRUCT<
                    attributes: STRUCT<
                        mfaauthenticated: STRING,
                        creationdate: STRING>,
                    sessionissuer: STRUCT<
                        type: STRING,
                        principalid: STRING,
                        arn: STRING,
                        accountid: STRING,
                        username: STRING>,
                    ec2roledelivery: STRING,
                    webidfederationdata: STRUCT<
                        federatedprovider: STRING,
                        attributes: MAP<STRING, STRING>>>>,
            eventtime STRING,
            eventsource STRING,
            eventname STRING,
            awsregion STRING,
            sourceipaddress STRING,
            useragent STRING,
            errorcode STRING,
            errormessage STRING,
            requestparameters STRING,
            responseelements STRING,
            additionaleventdata STRING,
            requestid STRING,
            eventid STRING,
            readonly STRING,
            resources ARRAY<STRUCT<
                arn: STRING,
                accountid: STRING,
                type: STRING>>,
            eventtype STRING,
            apiversion STRING,
            recipientaccountid STRING,
            serviceeventdetails STRING,
            sharedeventid STRING,
            vpcendpointid STRING,
            eventcategory STRING,
            managementevent STRING,
            sessioncredentialfromconsole STRING,
            tlsdetails STRUCT<
                tlsversion: STRING,
                ciphersuite: STRING,
                clientprovidedhostheader: STRING>
        )
        COMMENT 'CloudTrail logs of \(bucket), for secmon backtest --athena'
        PARTITIONED BY (region STRING, `timestamp` STRING)
        ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
        STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
        OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
        LOCATION '\(location)'
        TBLPROPERTIES (
            'projection.enabled' = 'true',
            'projection.region.type' = 'enum',
            'projection.region.values' = '\(regions.joined(separator: ","))',
            'projection.timestamp.type' = 'date',
            'projection.timestamp.format' = 'yyyy/MM/dd',
            'projection.timestamp.range' = '\(since),NOW',
            'projection.timestamp.interval' = '1',
            'projection.timestamp.interval.unit' = 'DAYS',
            'storage.location.template' = '\(location)${region}/${timestamp}'
        );
        """
    }
}
