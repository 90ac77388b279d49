/// Paging and sorting parameters of a list call, already validated.
struct ListOptions {
    /// Zoho's default and maximum `per_page`.
    static let maximumPerPage = 200

    var page: Int
    var perPage: Int
    var sortColumn: String
    var sortOrder: String
}
