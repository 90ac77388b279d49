import JSONCore

// MARK: - Currencies: a customer is billed in its own currency

extension OrganizationData {
    /// Symbols for the currencies customers are commonly billed in; any other code stands for itself.
    static let currencySymbols: [String: String] = [
        "USD": "$", "EUR": "€", "GBP": "£", "BHD": "BD", "INR": "₹", "CAD": "$", "AUD": "$", "JPY": "¥",
        "CHF": "CHF", "AED": "AED", "SGD": "$", "NZD": "$", "ZAR": "R", "SAR": "SAR",
    ]

    /// The currency fields of a document raised for `customer`: the customer's currency when it has one (an
    /// invoice, subscription, payment or credit note is always in its customer's currency), else the
    /// organization's base currency.
    func currencyFields(for customer: JSONObject) -> JSONObject {
        guard let code = customer.string("currency_code"), code != info.currencyCode else { return currencyFields }
        return ["currency_code": .string(code), "currency_symbol": .string(Self.currencySymbols[code] ?? code)]
    }
}
