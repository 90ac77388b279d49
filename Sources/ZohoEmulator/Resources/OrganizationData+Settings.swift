import JSONCore

// MARK: - Settings: /settings/taxes, /settings/taxexemptions, /settings/taxauthorities, churn messages

extension OrganizationData {
    /// Seeds the records of the hosted pages, unbilled charges, events and settings modules. Called once, last,
    /// from the demo seed, so it can build on the customers, subscriptions and invoices already there.
    mutating func seedExtendedModules(today: CalendarDate) {
        seedSettings()
        seedUnbilledCharges(today: today)
        seedHostedPages(today: today)
        seedEvents(today: today)
    }

    /// A US seller that also sells to the UK and Australia: two state sales taxes, a combined rate, VAT and GST.
    mutating func seedSettings() {
        let authoritySeeds: [(name: String, description: String)] = [
            ("California CDTFA", "California Department of Tax and Fee Administration"),
            ("New York DTF", "New York State Department of Taxation and Finance"),
            ("HMRC", "HM Revenue & Customs, United Kingdom"),
            ("ATO", "Australian Taxation Office"),
        ]
        var authorityIDs: [String: String] = [:]
        for seed in authoritySeeds {
            let id = nextID()
            authorityIDs[seed.name] = id
            taxAuthorities[id] = [
                "tax_authority_id": .string(id), "tax_authority_name": .string(seed.name),
                "description": .string(seed.description),
            ]
        }
        let taxSeeds: [(name: String, percentage: JSONValue, type: String, authority: String, isDefault: Bool)] = [
            ("CA Sales Tax", .amount("7.25"), "tax", "California CDTFA", true),
            ("NY Sales Tax", .amount("8.875"), "tax", "New York DTF", false),
            ("Los Angeles Combined", .amount("9.5"), "tax_group", "California CDTFA", false),
            ("UK VAT", 20, "tax", "HMRC", false),
            ("Australia GST", 10, "tax", "ATO", false),
        ]
        for seed in taxSeeds {
            let id = nextID()
            taxes[id] = [
                "tax_id": .string(id), "tax_name": .string(seed.name), "tax_percentage": seed.percentage,
                "tax_type": .string(seed.type), "tax_authority_id": .string(authorityIDs[seed.authority] ?? ""),
                "tax_authority_name": .string(seed.authority), "is_default_tax": .bool(seed.isDefault),
                "is_editable": true,
            ]
        }
        let exemptionSeeds: [(code: String, description: String, type: String)] = [
            ("NGO", "Non-profit organization", "customer"),
            ("RESALE", "Bought for resale", "customer"),
            ("EDU", "Educational institution", "customer"),
            ("EXPORT", "Zero-rated export of services", "item"),
        ]
        for seed in exemptionSeeds {
            let id = nextID()
            taxExemptions[id] = [
                "tax_exemption_id": .string(id), "tax_exemption_code": .string(seed.code),
                "description": .string(seed.description), "type": .string(seed.type),
            ]
        }
        let reasons = [
            "Too expensive", "Missing features I need", "Switched to another product", "No longer needed",
            "Other",
        ]
        churnMessageSettings = [
            "is_advanced_version": true,
            "is_reason_mandatory": true,
            "churn_messages": .array(
                reasons.enumerated().map { index, label in
                    .object([
                        "churn_message_id": .string(nextID()), "label": .string(label), "index": .int(index),
                    ])
                }),
        ]
    }

    // MARK: Handlers

    mutating func listTaxes(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(
            sortColumns: ["tax_name", "tax_percentage"], defaultSort: "tax_name", defaultOrder: "A")
        return listReply(
            key: "taxes", rows: taxes.all, options: options, appliedFilter: "Status.All", reportName: "Taxes")
    }

    mutating func listTaxExemptions(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(
            sortColumns: ["tax_exemption_code"], defaultSort: "tax_exemption_code", defaultOrder: "A")
        return listReply(
            key: "tax_exemptions", rows: taxExemptions.all, options: options, appliedFilter: "Status.All",
            reportName: "Tax exemptions")
    }

    mutating func listTaxAuthorities(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(
            sortColumns: ["tax_authority_name"], defaultSort: "tax_authority_name", defaultOrder: "A")
        return listReply(
            key: "tax_authorities", rows: taxAuthorities.all, options: options, appliedFilter: "Status.All",
            reportName: "Tax authorities")
    }

    mutating func getChurnMessageSettings(_ context: inout RequestContext) throws -> APIReply {
        var settings = churnMessageSettings
        if settings.isEmpty {
            settings = ["is_advanced_version": false, "is_reason_mandatory": false, "churn_messages": []]
        }
        return .ok("success", ["churn_messages_settings": .object(settings)])
    }
}
