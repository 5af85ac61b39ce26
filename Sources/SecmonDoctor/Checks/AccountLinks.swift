import AWSClient

extension PipelineChecks {
    func identity() -> LinkCheck {
        let id = "aws.identity", title = "Credentials and region"
        switch facts.identity {
        case .value(let who):
            return LinkCheck(id: id, title: title, status: .ok,
                             evidence: "account \(who.account) as \(who.arn), region \(facts.region)")
        case .failed(let error) where error.kind == .credentials || error.kind == .configuration:
            return LinkCheck(id: id, title: title, status: .fail, evidence: error.description,
                             fix: "Configure credentials and a region (AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, and AWS_REGION).")
        case .failed(let error):
            return LinkCheck(id: id, title: title, status: .fail, evidence: error.description,
                             fix: "Check that the credentials are valid and may call sts:GetCallerIdentity.")
        default:
            return notObserved(id, title, facts.identity)
        }
    }

    func secretExists() -> LinkCheck {
        let id = "secret.exists", title = "Secret exists and is not scheduled for deletion"
        switch facts.secret {
        case .value(let secret):
            if let deleted = secret.deletedDate {
                return LinkCheck(id: id, title: title, status: .fail,
                                 evidence: "secret \(secret.name) is scheduled for deletion (\(iso(deleted)))",
                                 fix: "Restore it with `aws secretsmanager restore-secret --secret-id \(secret.name)` if it is still needed.")
            }
            return LinkCheck(id: id, title: title, status: .ok, evidence: secret.arn)
        case .missing:
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: "no secret \(target.secret) in \(facts.region)",
                             fix: "Check the secret's name and the region, or create it with `secmon apply`.")
        default:
            return notObserved(id, title, facts.secret)
        }
    }
}
