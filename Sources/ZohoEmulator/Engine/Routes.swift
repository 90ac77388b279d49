/// Every organization-scoped route the emulator serves. `GET /organizations` is handled before these.
enum Routes {
    static let all: [Route] = [
        // Customers and transactions.
        Route("GET", "customers") { try $0.listCustomers(&$1) },
        Route("POST", "customers") { try $0.createCustomer(&$1) },
        Route("GET", "customers/{}") { try $0.getCustomer(&$1) },
        Route("PUT", "customers/{}") { try $0.updateCustomer(&$1) },
        Route("DELETE", "customers/{}") { try $0.deleteCustomer(&$1) },
        Route("POST", "customers/{}/markasactive") { try $0.markCustomer(&$1, active: true) },
        Route("POST", "customers/{}/markasinactive") { try $0.markCustomer(&$1, active: false) },
        Route("GET", "transactions") { try $0.listTransactions(&$1) },
        Route("GET", "customers/reference/{}") { try $0.getCustomerByReference(&$1) },
        Route("GET", "customers/{}/cards") { try $0.listCards(&$1) },
        Route("GET", "customers/{}/cards/{}") { try $0.getCard(&$1) },
        Route("DELETE", "customers/{}/cards/{}") { try $0.deleteCard(&$1) },
        Route("GET", "customers/{}/bankaccounts/{}") { try $0.getBankAccount(&$1) },

        // Contact persons.
        Route("GET", "customers/{}/contactpersons") { try $0.listContactPersons(&$1) },
        Route("POST", "customers/{}/contactpersons") { try $0.createContactPerson(&$1) },
        Route("GET", "customers/{}/contactpersons/{}") { try $0.getContactPerson(&$1) },
        Route("PUT", "customers/{}/contactpersons/{}") { try $0.updateContactPerson(&$1) },
        Route("DELETE", "customers/{}/contactpersons/{}") { try $0.deleteContactPerson(&$1) },

        // Invoices.
        Route("GET", "invoices") { try $0.listInvoices(&$1) },
        Route("POST", "invoices") { try $0.createInvoice(&$1) },
        Route("GET", "invoices/{}") { try $0.getInvoice(&$1) },
        Route("PUT", "invoices/{}") { try $0.updateInvoice(&$1) },
        Route("DELETE", "invoices/{}") { try $0.deleteInvoice(&$1) },
        Route("POST", "invoices/{}/converttoopen") { try $0.convertInvoiceToOpen(&$1) },
        Route("POST", "invoices/{}/void") { try $0.voidInvoice(&$1) },
        Route("POST", "invoices/{}/email") { try $0.emailInvoice(&$1) },
        Route("POST", "invoices/{}/collect") { try $0.collectInvoicePayment(&$1) },
        Route("POST", "invoices/{}/writeoff") { try $0.writeOffInvoice(&$1) },
        Route("POST", "invoices/{}/cancelwriteoff") { try $0.cancelInvoiceWriteOff(&$1) },
        Route("POST", "invoices/{}/credits") { try $0.applyCredits(&$1) },
        Route("PUT", "invoices/{}/address") { try $0.updateInvoiceAddress(&$1) },
        Route("POST", "invoices/{}/customfields") { try $0.updateInvoiceCustomFields(&$1) },
        Route("PUT", "invoice/{}/customfields") { try $0.setInvoiceCustomFieldsByID(&$1) },
        Route("POST", "invoices/{}/lineitems") { try $0.addInvoiceLineItems(&$1) },
        Route("DELETE", "invoices/{}/lineitems/{}") { try $0.deleteInvoiceLineItem(&$1) },

        // Subscriptions.
        Route("GET", "subscriptions") { try $0.listSubscriptions(&$1) },
        Route("POST", "subscriptions") { try $0.createSubscription(&$1) },
        Route("GET", "subscriptions/{}") { try $0.getSubscription(&$1) },
        Route("PUT", "subscriptions/{}") { try $0.updateSubscription(&$1) },
        Route("DELETE", "subscriptions/{}") { try $0.deleteSubscription(&$1) },
        Route("POST", "subscriptions/{}/cancel") { try $0.cancelSubscription(&$1) },
        Route("POST", "subscriptions/{}/reactivate") { try $0.reactivateSubscription(&$1) },
        Route("POST", "subscriptions/{}/postpone") { try $0.postponeSubscription(&$1) },
        Route("POST", "subscriptions/{}/charge") { try $0.chargeSubscription(&$1) },
        Route("POST", "subscriptions/{}/buyonetimeaddon") { try $0.buyOneTimeAddon(&$1) },
        Route("POST", "subscriptions/{}/autocollect") { try $0.setAutoCollect(&$1) },
        Route("POST", "subscriptions/{}/coupons/{}") { try $0.associateCoupon(&$1) },
        Route("DELETE", "subscriptions/{}/coupons") { try $0.removeCoupon(&$1) },
        Route("GET", "subscriptions/{}/recentactivities") { try $0.recentActivities(&$1) },
        Route("GET", "subscriptions/{}/scheduledchanges") { try $0.scheduledChanges(&$1) },
        Route("POST", "subscriptions/{}/card") { try $0.updateSubscriptionCard(&$1) },
        Route("DELETE", "subscriptions/{}/card") { try $0.removeSubscriptionCard(&$1) },
        Route("POST", "subscriptions/{}/contactpersons") { try $0.addSubscriptionContactPersons(&$1) },
        Route("POST", "subscriptions/{}/lineitems/{}") { try $0.updateSubscriptionLineItem(&$1) },
        Route("POST", "subscriptions/{}/reference") { try $0.updateSubscriptionReference(&$1) },
        Route("POST", "subscriptions/{}/salesperson") { try $0.updateSubscriptionSalesperson(&$1) },
        Route("POST", "subscriptions/{}/customfields") { try $0.updateSubscriptionCustomFields(&$1) },
        Route("POST", "subscriptions/{}/notes") { try $0.addSubscriptionNote(&$1) },
        Route("DELETE", "subscriptions/{}/notes/{}") { try $0.deleteSubscriptionNote(&$1) },

        // Plans.
        Route("GET", "plans") { try $0.listPlans(&$1) },
        Route("GET", "plans/{}") { try $0.getPlan(&$1) },

        // Payments and refunds.
        Route("GET", "payments") { try $0.listPayments(&$1) },
        Route("POST", "payments") { try $0.createPayment(&$1) },
        Route("GET", "payments/{}") { try $0.getPayment(&$1) },
        Route("PUT", "payments/{}") { try $0.updatePayment(&$1) },
        Route("DELETE", "payments/{}") { try $0.deletePayment(&$1) },
        Route("POST", "payments/{}/refunds") { try $0.refundPayment(&$1) },
    ]

    /// The outcome of looking a path up.
    enum Lookup {
        case found(Route, parameters: [String])
        case wrongMethod(allowed: [String])
        case notFound
    }

    /// Finds the route for `method` and `segments`.
    static func lookup(method: String, segments: [String]) -> Lookup {
        var allowed: [String] = []
        for route in all {
            guard let parameters = route.match(segments) else { continue }
            if route.method == method { return .found(route, parameters: parameters) }
            allowed.append(route.method)
        }
        return allowed.isEmpty ? .notFound : .wrongMethod(allowed: allowed)
    }
}
