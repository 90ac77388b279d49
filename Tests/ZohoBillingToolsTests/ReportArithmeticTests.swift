import Foundation
import JSONCore
import Testing

@testable import ZohoBillingTools

/// The date and money arithmetic the reports rest on, where an off-by-one or a rounding slip would go unseen in a
/// total.
@Suite struct ReportArithmeticTests {
    @Test(
        "Dates parse strictly and count days across month, year and leap-day edges",
        arguments: [
            ("2024-02-29", "2024-03-01", 1), ("2023-12-31", "2024-01-01", 1), ("2026-01-01", "2026-12-31", 364),
            ("2024-01-01", "2025-01-01", 366), ("1999-12-31", "2000-03-01", 61),
        ])
    func dayCounts(from: String, to: String, days: Int) throws {
        let start = try #require(ReportDate(from))
        let end = try #require(ReportDate(to))
        #expect(end.day - start.day == days)
        #expect(start.description == from)
        #expect(end.description == to)
    }

    @Test("Malformed and impossible dates are refused; a timestamp's date part is read")
    func strictDates() {
        for text in ["2026-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "2026/01/01", "", "abcd-ef-gh"]
        {
            #expect(ReportDate(text) == nil, "\(text)")
        }
        #expect(ReportDate("2026-11-21T09:00:00-0800")?.description == "2026-11-21")
        #expect(ReportDate(nil) == nil)
    }

    @Test("Month starts and ends move across years and short months")
    func months() throws {
        let date = try #require(ReportDate("2026-03-31"))
        #expect(date.startOfMonth().description == "2026-03-01")
        #expect(date.startOfMonth(offset: -1).endOfMonth.description == "2026-02-28")
        #expect(date.startOfMonth(offset: -3).description == "2025-12-01")
        #expect(date.startOfMonth(offset: 11).endOfMonth.description == "2027-02-28")
        #expect(date.monthKey == "2026-03")
        #expect(ReportDate.timestamp(Date(timeIntervalSince1970: 1_795_000_000)) == "2026-11-18T11:06:40Z")
    }

    @Test(
        "Amounts print with a fixed number of places, rounding half away from zero",
        arguments: [
            ("617.2835", 3, "617.284"), ("0.005", 2, "0.01"), ("-0.005", 2, "-0.01"), ("19.99", 2, "19.99"),
            ("20", 2, "20.00"), ("9.995", 2, "10.00"), ("-0.001", 2, "0.00"), ("1234.567", 3, "1234.567"),
            ("0", 3, "0.000"),
        ])
    func fixedPlaces(text: String, places: Int, expected: String) throws {
        let value = try #require(Money.parse(text)?.amount)
        #expect(Money.text(value, places: places) == expected)
    }

    @Test("Integer millionths and Decimal agree, and amounts they cannot hold fall back to Decimal")
    func millionths() throws {
        var sum = MoneySum()
        for text in ["19.99", "0.01", "1234.567", "-4.5", "0.000001"] {
            let (value, _) = try #require(MoneySum.millionths(text))
            sum.add(millionths: value)
        }
        #expect(sum.decimal == Decimal(string: "1250.067001"))
        #expect(MoneySum.millionths("0.0000001") == nil)
        #expect(MoneySum.millionths("1e3") == nil)
        #expect(MoneySum.millionths("1234567890123456789") == nil)
        sum.add(try #require(Money.parse("0.0000001")?.amount))
        #expect(Money.text(sum.decimal, places: 7) == "1250.0670011")
        #expect(sum.exceeds(MoneySum()))
        #expect(Money.parse("2.5e1")?.amount == 25)
        #expect(Money.parse("12.50")?.places == 2)
        #expect(Money.parse("abc") == nil)
    }

    @Test("Monthly amounts follow the interval: yearly, weekly, daily and multi-month plans")
    func monthlyAmounts() throws {
        func monthly(_ amount: String, _ interval: Int, _ unit: String) -> String? {
            let row: JSONValue = [
                "amount": .number(JSONNumber(text: amount)!), "interval": .int(interval),
                "interval_unit": .string(unit),
            ]
            let table = JSONRowTable(rows: [row], fields: SubscriptionField.selection.fields)
            return SubscriptionMath.monthlyAmount(ReportRow(table: table, index: 0)).map { Money.text($0, places: 2) }
        }
        #expect(monthly("1200", 1, "years") == "100.00")
        #expect(monthly("12", 1, "weeks") == "52.00")
        #expect(monthly("90", 3, "months") == "30.00")
        #expect(monthly("1", 1, "days") == "30.42")  // 365 / 12
        #expect(monthly("10", 1, "fortnights") == nil)
    }

    @Test("Aging buckets include their upper edge")
    func buckets() {
        let cases = [(-3, 0), (0, 0), (1, 1), (15, 1), (16, 2), (30, 2), (31, 3), (45, 3), (46, 4), (400, 4)]
        for (days, bucket) in cases {
            #expect(ARAgingReport.bucketIndex(daysPastDue: days, width: 15) == bucket, "\(days) days")
        }
        #expect(ARAgingReport.bucketLabels(width: 7) == ["Current", "1-7", "8-14", "15-21", "Over 21"])
    }
}
