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

        // Catalog.
        Route("GET", "products") { try $0.listProducts(&$1) },
        Route("POST", "products") { try $0.createProduct(&$1) },
        Route("GET", "products/{}") { try $0.getProduct(&$1) },
        Route("PUT", "products/{}") { try $0.updateProduct(&$1) },
        Route("DELETE", "products/{}") { try $0.deleteProduct(&$1) },
        Route("POST", "products/{}/markasactive") { try $0.markProduct(&$1, active: true) },
        Route("POST", "products/{}/markasinactive") { try $0.markProduct(&$1, active: false) },
        Route("POST", "plans") { try $0.createPlan(&$1) },
        Route("PUT", "plans/{}") { try $0.updatePlan(&$1) },
        Route("DELETE", "plans/{}") { try $0.deletePlan(&$1) },
        Route("POST", "plans/{}/markasactive") { try $0.markPlan(&$1, active: true) },
        Route("POST", "plans/{}/markasinactive") { try $0.markPlan(&$1, active: false) },
        Route("GET", "addons") { try $0.listAddons(&$1) },
        Route("POST", "addons") { try $0.createAddon(&$1) },
        Route("GET", "addons/{}") { try $0.getAddon(&$1) },
        Route("PUT", "addons/{}") { try $0.updateAddon(&$1) },
        Route("DELETE", "addons/{}") { try $0.deleteAddon(&$1) },
        Route("POST", "addons/{}/markasactive") { try $0.markAddon(&$1, active: true) },
        Route("POST", "addons/{}/markasinactive") { try $0.markAddon(&$1, active: false) },
        Route("GET", "coupons") { try $0.listCoupons(&$1) },
        Route("POST", "coupons") { try $0.createCoupon(&$1) },
        Route("GET", "coupons/{}") { try $0.getCoupon(&$1) },
        Route("PUT", "coupons/{}") { try $0.updateCoupon(&$1) },
        Route("DELETE", "coupons/{}") { try $0.deleteCoupon(&$1) },
        Route("POST", "coupons/{}/markasactive") { try $0.markCoupon(&$1, active: true) },
        Route("POST", "coupons/{}/markasinactive") { try $0.markCoupon(&$1, active: false) },
        Route("GET", "items") { try $0.listItems(&$1) },
        Route("POST", "items") { try $0.createItem(&$1) },
        Route("GET", "items/{}") { try $0.getItem(&$1) },
        Route("PUT", "items/{}") { try $0.updateItem(&$1) },
        Route("DELETE", "items/{}") { try $0.deleteItem(&$1) },
        Route("POST", "items/{}/active") { try $0.markItem(&$1, active: true) },
        Route("POST", "items/{}/inactive") { try $0.markItem(&$1, active: false) },

        // Payments and refunds.
        Route("GET", "payments") { try $0.listPayments(&$1) },
        Route("POST", "payments") { try $0.createPayment(&$1) },
        Route("GET", "payments/{}") { try $0.getPayment(&$1) },
        Route("PUT", "payments/{}") { try $0.updatePayment(&$1) },
        Route("DELETE", "payments/{}") { try $0.deletePayment(&$1) },
        Route("POST", "payments/{}/refunds") { try $0.refundPayment(&$1) },

        // Hosted pages and payment links, unbilled charges, events and settings.
        Route("GET", "hostedpages") { try $0.listHostedPages(&$1) },
        Route("GET", "hostedpages/{}") { try $0.getHostedPage(&$1) },
        Route("POST", "hostedpages/newsubscription") { try $0.createNewSubscriptionPage(&$1) },
        Route("POST", "hostedpages/updatesubscription") { try $0.createUpdateSubscriptionPage(&$1) },
        Route("POST", "hostedpages/updatecard") { try $0.createUpdateCardPage(&$1) },
        Route("POST", "hostedpages/buyonetimeaddon") { try $0.createOneTimeAddonPage(&$1) },
        Route("POST", "hostedpages/addpaymentmethod") { try $0.createAddPaymentMethodPage(&$1) },
        Route("POST", "hostedpages/invoicepayment") { try $0.createInvoicePaymentPage(&$1) },
        Route("POST", "hostedpages/updatepaymentmethod") { try $0.createUpdatePaymentMethodPage(&$1) },
        Route("GET", "unbilledcharges/{}") { try $0.getUnbilledCharge(&$1) },
        Route("DELETE", "unbilledcharges/{}") { try $0.deleteUnbilledCharge(&$1) },
        Route("POST", "unbilledcharges/{}/createinvoice") { try $0.invoiceUnbilledCharge(&$1) },
        Route("GET", "events") { try $0.listEvents(&$1) },
        Route("GET", "events/{}") { try $0.getEvent(&$1) },
        Route("GET", "settings/taxes") { try $0.listTaxes(&$1) },
        Route("GET", "settings/taxexemptions") { try $0.listTaxExemptions(&$1) },
        Route("GET", "settings/taxauthorities") { try $0.listTaxAuthorities(&$1) },
        Route("GET", "settings/preferences/churnmessages") { try $0.getChurnMessageSettings(&$1) },

        // Credit notes and refunds.
        Route("GET", "creditnotes") { try $0.listCreditNotes(&$1) },
        Route("POST", "creditnotes") { try $0.createCreditNote(&$1) },
        Route("GET", "creditnotes/refunds/{}") { try $0.getRefund(&$1) },
        Route("GET", "creditnotes/{}") { try $0.getCreditNote(&$1) },
        Route("DELETE", "creditnotes/{}") { try $0.deleteCreditNote(&$1) },
        Route("POST", "creditnotes/{}/email") { try $0.emailCreditNote(&$1) },
        Route("POST", "creditnotes/{}/void") { try $0.voidCreditNote(&$1) },
        Route("POST", "creditnotes/{}/converttoopen") { try $0.reopenCreditNote(&$1) },
        Route("POST", "creditnotes/{}/invoices") { try $0.applyCreditNote(&$1) },
        Route("POST", "creditnotes/{}/refunds") { try $0.refundCreditNote(&$1) },

        // Quotes. The fixed paths come before `estimates/{}` so that they are not read as ids.
        Route("GET", "estimates") { try $0.listQuotes(&$1) },
        Route("POST", "estimates") { try $0.createQuote(&$1) },
        Route("POST", "estimates/email") { try $0.emailQuotes(&$1) },
        Route("GET", "estimates/templates") { try $0.listQuoteTemplates(&$1) },
        Route("GET", "estimates/{}") { try $0.getQuote(&$1) },
        Route("PUT", "estimates/{}") { try $0.updateQuote(&$1) },
        Route("DELETE", "estimates/{}") { try $0.deleteQuote(&$1) },
        Route("POST", "estimates/{}/status/sent") { try $0.markQuote(&$1, as: "sent") },
        Route("POST", "estimates/{}/status/accepted") { try $0.markQuote(&$1, as: "accepted") },
        Route("POST", "estimates/{}/status/declined") { try $0.markQuote(&$1, as: "declined") },
        Route("GET", "estimates/{}/email") { try $0.quoteEmailContent(&$1) },
        Route("POST", "estimates/{}/email") { try $0.emailQuote(&$1) },
        Route("PUT", "estimates/{}/templates/{}") { try $0.updateQuoteTemplate(&$1) },
        Route("GET", "estimates/{}/comments") { try $0.listQuoteComments(&$1) },
        Route("POST", "estimates/{}/comments") { try $0.addQuoteComment(&$1) },
        Route("PUT", "estimates/{}/comments/{}") { try $0.updateQuoteComment(&$1) },
        Route("DELETE", "estimates/{}/comments/{}") { try $0.deleteQuoteComment(&$1) },
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
