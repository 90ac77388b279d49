/// How the accounts server handed to an ``OAuthSession`` was chosen, which decides whether it may override the one
/// recorded in the token file.
public enum AccountsURLSource: Sendable, Hashable {
    /// Someone configured it, by a region or an accounts URL. It wins over the token file's record, which is
    /// rewritten to match.
    case explicit
    /// Nothing was configured and this is the default region's server. The token file's record wins, so that an
    /// account signed in elsewhere keeps working without the region being repeated on every start.
    case `default`
}
