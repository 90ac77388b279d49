import Foundation
import Testing
import ZohoEmulator

@Suite("Customers, contact persons and transactions")
struct CustomerTests {
    @Test("Create, read, update, deactivate and delete a customer")
    func roundTrip() async throws {
        let harness = Harness()
        let created = await harness.call(
            "POST", "/customers",
            json: [
                "display_name": "Quartz Labs", "email": "ops@quartz.example.com", "company_name": "Quartz Labs LLC",
                "billing_address": ["city": "Fresno", "zip": "93650"], "unknown_field": "dropped",
            ])
        #expect(created.status == 201)
        #expect(created.code == 0)
        #expect(created.message == "The customer has been added.")
        let customer = created.object("customer")
        let id = try #require(customer["customer_id"] as? String)
        let allDigits = id.allSatisfy(\.isNumber)
        #expect(allDigits)
        #expect(customer["status"] as? String == "active")
        #expect(customer["unknown_field"] == nil)
        #expect((customer["billing_address"] as? [String: Any])?["city"] as? String == "Fresno")

        let fetched = await harness.call("GET", "/customers/\(id)")
        #expect(fetched.object("customer")["display_name"] as? String == "Quartz Labs")

        let updated = await harness.call("PUT", "/customers/\(id)", json: ["phone": "+1 555 0199"])
        #expect(updated.status == 200)
        #expect(updated.object("customer")["phone"] as? String == "+1 555 0199")
        #expect(updated.object("customer")["email"] as? String == "ops@quartz.example.com")

        let inactive = await harness.call("POST", "/customers/\(id)/markasinactive")
        #expect(inactive.message == "The customer has been marked as inactive.")
        let inactiveList = await harness.call("GET", "/customers", query: [("filter_by", "Status.Inactive")])
        #expect(inactiveList.list("customers").contains { $0["customer_id"] as? String == id })
        _ = await harness.call("POST", "/customers/\(id)/markasactive")
        #expect(await harness.call("GET", "/customers/\(id)").object("customer")["status"] as? String == "active")

        let deleted = await harness.call("DELETE", "/customers/\(id)")
        #expect(deleted.status == 200)
        #expect(deleted.message == "The customer has been deleted.")
        let gone = await harness.call("GET", "/customers/\(id)")
        #expect(gone.status == 404)
        #expect(gone.code == 1002)
        #expect(gone.message == "Customer does not exist.")
    }

    @Test("Creating a customer requires display_name and a valid email")
    func validation() async {
        let harness = Harness()
        let noName = await harness.call("POST", "/customers", json: ["email": "a@example.com"])
        #expect(noName.status == 400)
        #expect(noName.code == ZohoErrorCode.missingValue)
        #expect(noName.message.contains("display_name"))
        let noEmail = await harness.call("POST", "/customers", json: ["display_name": "X"])
        #expect(noEmail.status == 400)
        #expect(noEmail.message.contains("email"))
        let badEmail = await harness.call("POST", "/customers", json: ["display_name": "X", "email": "nope"])
        #expect(badEmail.status == 400)
        #expect(badEmail.code == ZohoErrorCode.invalidValue)
        let wrongType = await harness.call("POST", "/customers", json: ["display_name": 42, "email": "a@example.com"])
        #expect(wrongType.code == ZohoErrorCode.invalidValue)
    }

    @Test("A customer with transactions cannot be deleted: HTTP 200 with a non-zero code")
    func deleteWithTransactions() async {
        let harness = Harness()
        let id = await harness.customerID(named: "Northwind")
        let reply = await harness.call("DELETE", "/customers/\(id)")
        #expect(reply.status == 200)
        #expect(reply.code == ZohoErrorCode.invalidState)
        #expect(await harness.call("GET", "/customers/\(id)").status == 200)
    }

    @Test("Seed customers carry outstanding balances and unused credits")
    func seededBalances() async {
        let harness = Harness()
        let cedar = await harness.customerID(named: "Cedar")
        let customer = await harness.call("GET", "/customers/\(cedar)").object("customer")
        #expect(customer["outstanding"] as? Int == 1140)
        #expect(customer["unused_credits"] as? Int == 25)
    }

    @Test("Contact persons: create, list, read, update, delete; the first is primary")
    func contactPersons() async throws {
        let harness = Harness()
        let customer = await harness.call(
            "POST", "/customers", json: ["display_name": "Opal", "email": "o@example.com"])
        let customerID = customer.object("customer")["customer_id"] as? String ?? ""
        let created = await harness.call(
            "POST", "/customers/\(customerID)/contactpersons",
            json: ["first_name": "Ana", "last_name": "Silva", "email": "ana@example.com"])
        #expect(created.status == 201)
        let person = created.object("contact_person")
        let personID = try #require(person["contactperson_id"] as? String)
        #expect(person["is_primary_contact"] as? Bool == true)
        #expect(person["customer_id"] as? String == customerID)

        let second = await harness.call(
            "POST", "/customers/\(customerID)/contactpersons", json: ["first_name": "Bo", "email": "bo@example.com"])
        let secondID = second.object("contact_person")["contactperson_id"] as? String ?? ""
        #expect(second.object("contact_person")["is_primary_contact"] as? Bool == false)

        let list = await harness.call("GET", "/customers/\(customerID)/contactpersons")
        #expect(list.list("contact_persons").count == 2)
        #expect(list.pageContext["page"] as? Int == 1)

        let updated = await harness.call(
            "PUT", "/customers/\(customerID)/contactpersons/\(secondID)",
            json: ["phone": "555", "is_primary_contact": true])
        #expect(updated.object("contact_person")["phone"] as? String == "555")
        #expect(updated.object("contact_person")["is_primary_contact"] as? Bool == true)
        let first = await harness.call("GET", "/customers/\(customerID)/contactpersons/\(personID)")
        #expect(first.object("contact_person")["is_primary_contact"] as? Bool == false)
        #expect(
            await harness.call("GET", "/customers/\(customerID)").object("customer")["primary_contactperson_id"]
                as? String == secondID)

        let deleted = await harness.call("DELETE", "/customers/\(customerID)/contactpersons/\(personID)")
        #expect(deleted.message == "The contact person has been deleted.")
        let missing = await harness.call("GET", "/customers/\(customerID)/contactpersons/\(personID)")
        #expect(missing.status == 404)
        #expect(missing.message == "Contact person does not exist.")
        let noEmail = await harness.call("POST", "/customers/\(customerID)/contactpersons", json: ["first_name": "X"])
        #expect(noEmail.status == 400)
        let wrongCustomer = await harness.call("GET", "/customers/1/contactpersons")
        #expect(wrongCustomer.status == 404)
    }

    @Test("Transactions of a customer filter by TransactionType")
    func transactions() async {
        let harness = Harness()
        let id = await harness.customerID(named: "Northwind")
        let all = await harness.call("GET", "/transactions", query: [("customer_id", id)])
        #expect(all.status == 200)
        #expect(all.list("transactions").count == 3)
        let payments = await harness.call(
            "GET", "/transactions", query: [("customer_id", id), ("filter_by", "TransactionType.PAYMENT")])
        #expect(payments.list("transactions").map { $0["type"] as? String } == ["payment"])
        #expect(payments.pageContext["applied_filter"] as? String == "TransactionType.PAYMENT")
        let bad = await harness.call("GET", "/transactions", query: [("filter_by", "TransactionType.GIFT")])
        #expect(bad.status == 400)
    }
}
