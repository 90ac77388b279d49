public import CurlHTTP
#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif
import JSONCore
public import Logging

/// Provides Zoho access tokens: cached in memory, shared with other processes through the token file, and
/// refreshed only near expiry by one caller at a time.
///
/// Zoho allows about 10 token requests per 10 minutes, so a refresh happens only when the token is within
/// `refreshMargin` of expiry (or Zoho rejected it), concurrent callers in this process share one in-flight
/// refresh, and other processes wait on the file lock and then reuse the token this one wrote.
///
/// Credentials come from the token file or, on first use, from `bootstrap` (configured credentials), which is then
/// written into the file. The file records next to the refresh token the accounts server it goes to
/// (`accounts_url`), because a refresh token works only in the data centre that issued it. Which server a refresh
/// uses depends on `accountsURLSource`:
/// - ``AccountsURLSource/explicit``: `accountsURL` wins. When the file records another server, the record is
///   rewritten under the lock, and a warning is logged if the host changes, since the stored refresh token will
///   now be sent to a data centre that may not know it.
/// - ``AccountsURLSource/default``: the file's record wins, and `accountsURL` is used only when there is none.
public actor OAuthSession {
    /// The token file path.
    public nonisolated let tokenFilePath: String
    /// The configured accounts server: where sign-ins and new credentials go, and where refreshes go when it was
    /// chosen explicitly or the file records none.
    public nonisolated let accountsURL: URL
    /// Whether ``accountsURL`` was configured or is merely the default region's.
    public nonisolated let accountsURLSource: AccountsURLSource

    let file: TokenFile
    let transport: any HTTPTransport
    private let bootstrap: OAuthClientCredentials?
    let now: @Sendable () -> Date
    private let refreshMargin: TimeInterval
    private let vocabulary: any SettingVocabulary
    let logger: Logger

    /// Whether `bootstrap` still has to be compared with (and maybe written into) the file.
    private var bootstrapPending: Bool
    /// Whether stale temporary files beside the token file were looked for yet (once per process).
    private var checkedStaleFiles = false
    private var cached: AccessToken?
    private var inFlight: Task<AccessToken, any Error>?
    private var generation = 0
    /// Bumped whenever credentials are replaced, so that an attempt started before does not cache its token.
    private var credentialsEpoch = 0
    /// The file's token read just before a refresh, still usable if that refresh fails.
    private var fileFallback: AccessToken?
    /// After a failed refresh, no new one is attempted before this time while a usable token remains (or at all,
    /// after throttling), so that callers retrying a tool call do not hammer the token endpoint.
    private var refreshBackoff: (until: Date, error: OAuthError)?

    /// A token this close to expiry is not handed out as a fallback.
    static let minimumFallbackLifetime: TimeInterval = 30
    /// Pause after Zoho's token-request throttle answered.
    static let throttleBackoff: TimeInterval = 120
    /// Pause after any other failed refresh, while the current token still works.
    static let failureBackoff: TimeInterval = 15

    /// Creates a session; nothing is read or sent until the first call.
    /// - Parameters:
    ///   - path: the token file, usually ``TokenFileLocation/path(environment:)``.
    ///   - accountsURL: the region's accounts server (``ZohoRegion/accountsURL``) or one configured directly.
    ///   - accountsURLSource: whether `accountsURL` was configured, and so overrides the token file's record.
    ///   - transport: carries the token requests.
    ///   - bootstrap: configured credentials, from
    ///     ``OAuthClientCredentials/fromSettings(clientID:clientSecret:refreshToken:)`` or its environment form.
    ///   - now: the clock.
    ///   - refreshMargin: refresh when the token expires within this many seconds.
    ///   - vocabulary: names settings in the messages this session logs.
    ///   - logger: receives debug and info messages, and a warning when the accounts server changes; never token
    ///     values.
    public init(
        tokenFile path: String,
        accountsURL: URL,
        accountsURLSource: AccountsURLSource,
        transport: any HTTPTransport,
        bootstrap: OAuthClientCredentials? = nil,
        now: @escaping @Sendable () -> Date = Date.init,
        refreshMargin: TimeInterval = 300,
        vocabulary: any SettingVocabulary = NeutralSettingVocabulary(),
        logger: Logger
    ) {
        self.tokenFilePath = path
        self.accountsURL = accountsURL
        self.accountsURLSource = accountsURLSource
        self.vocabulary = vocabulary
        self.file = TokenFile(path: path)
        self.transport = transport
        self.bootstrap = bootstrap
        self.bootstrapPending = bootstrap != nil
        self.now = now
        self.refreshMargin = refreshMargin
        self.logger = logger
    }

    // MARK: - Access tokens

    /// A token that stays valid for more than `refreshMargin` seconds, refreshing it if needed.
    /// - Throws: ``OAuthError`` or ``TokenStoreError``, whose descriptions say what to do.
    public func accessToken() async throws -> AccessToken {
        try await obtain(rejecting: nil)
    }

    /// A token other than `rejected`, after Zoho answered 401 to it: the file's token when another process
    /// already replaced it, else exactly one forced refresh (shared with concurrent callers).
    public func accessToken(replacing rejected: String) async throws -> AccessToken {
        try await obtain(rejecting: rejected)
    }

    private func obtain(rejecting rejected: String?) async throws -> AccessToken {
        while true {
            if let cached, cached.value != rejected, isFresh(cached) { return cached }
            if let running = inFlight {
                let token = try await running.value
                if token.value != rejected { return token }
                // That attempt started before the rejection was known and returned the rejected token; the next
                // pass finds no attempt running and starts a forced one.
                continue
            }
            generation += 1
            let attempt = generation
            let task = Task { try await self.runAttempt(attempt, rejecting: rejected) }
            inFlight = task
            return try await task.value
        }
    }

    /// One shared attempt. Clears `inFlight` before its value is visible, so a caller that sees the result never
    /// sees the finished task still in flight.
    ///
    /// A refresh that fails while the current token still works for a while is not fatal: the current token is
    /// returned and no new refresh is tried for a short back-off (longer after throttling). Rejected tokens get no
    /// such fallback.
    private func runAttempt(_ attempt: Int, rejecting rejected: String?) async throws -> AccessToken {
        defer { if generation == attempt { inFlight = nil } }
        let epoch = credentialsEpoch
        if let token = try unlockedFileToken(rejecting: rejected) {
            return remember(token, epoch: epoch)
        }
        if let backoff = refreshBackoff, now() < backoff.until {
            if let usable = fallback(rejecting: rejected) { return usable }
            if case .throttled = backoff.error { throw backoff.error }
        }
        do {
            let token = try await withFileLock { try await self.lockedAccessToken(rejecting: rejected) }
            refreshBackoff = nil
            return remember(token, epoch: epoch)
        } catch let error as OAuthError {
            let pause: TimeInterval
            if case .throttled = error { pause = Self.throttleBackoff } else { pause = Self.failureBackoff }
            refreshBackoff = (now().addingTimeInterval(pause), error)
            guard let usable = fallback(rejecting: rejected) else { throw error }
            logger.info(
                "could not refresh the access token; using the current one until it expires",
                metadata: ["expires_at": .string(TokenDate.format(usable.expiresAt)), "reason": .string("\(error)")]
            )
            return usable
        }
    }

    /// Caches `token` unless credentials were replaced since the attempt began.
    private func remember(_ token: AccessToken, epoch: Int) -> AccessToken {
        if epoch == credentialsEpoch { cached = token }
        return token
    }

    /// The current token when it still works for a while and was not rejected.
    private func fallback(rejecting rejected: String?) -> AccessToken? {
        guard rejected == nil else { return nil }
        let candidates = [cached, fileFallback].compactMap { $0 }
        return candidates.first { $0.expiresAt.timeIntervalSince(now()) > Self.minimumFallbackLifetime }
    }

    /// Without the lock (the file is only ever replaced whole): the file's token when it is fresh and there is
    /// nothing to write (no bootstrap, no accounts server to record), so that processes starting together do not
    /// queue on the lock. Also fails early, without creating a directory or lock file, when there are no
    /// credentials at all.
    private func unlockedFileToken(rejecting rejected: String?) throws -> AccessToken? {
        guard !bootstrapPending else { return nil }
        let stored = try file.read(logger: logger)
        // A file deleted since start-up is written again from the configured credentials, under the lock.
        if stored == nil, bootstrap != nil { return nil }
        let contents = stored ?? TokenFileContents()
        _ = try requireCredentials(contents)
        // Even a fresh token waits for the record to be corrected, so the warning comes when the setting changes,
        // not an hour later at the next refresh.
        guard !recordNeedsConfiguredServer(contents) else { return nil }
        guard let token = contents.accessToken, token.value != rejected, isFresh(token) else { return nil }
        logger.debug(
            "using the access token from the token file",
            metadata: ["expires_at": .string(TokenDate.format(token.expiresAt))]
        )
        return token
    }

    /// Under the lock: re-read the file (another process may have refreshed), use its token if fresh, else
    /// refresh and merge the result into the file.
    private func lockedAccessToken(rejecting rejected: String?) async throws -> AccessToken {
        var contents = try currentContents()
        let credentials = try requireCredentials(contents)
        contents = try recordConfiguredServer(in: contents)
        if let token = contents.accessToken, token.value != rejected, isFresh(token) {
            logger.debug(
                "using the access token from the token file",
                metadata: ["expires_at": .string(TokenDate.format(token.expiresAt))]
            )
            return token
        }
        fileFallback = contents.accessToken
        let server = refreshServer(for: contents)
        logger.debug(
            "refreshing access token",
            metadata: [
                "accounts": .string(TokenEndpoint.origin(server)), "forced": .stringConvertible(rejected != nil),
            ]
        )
        let request = TokenEndpoint.tokenRequest(
            accountsURL: server,
            form: [
                ("grant_type", "refresh_token"),
                ("client_id", credentials.clientID),
                ("client_secret", credentials.clientSecret),
                ("refresh_token", credentials.refreshToken),
            ]
        )
        let object = try await send(request, operation: .refresh, accountsURL: server)
        var token = try TokenEndpoint.accessToken(in: object, now: now(), operation: .refresh, accountsURL: server)
        if token.apiDomain == nil { token.apiDomain = contents.apiDomain }
        let stored = try file.update(logger: logger) { latest in
            // A sign-in elsewhere may have replaced the refresh token during the request; this token belongs to
            // the old one, so it is used here but not stored next to the new one.
            guard latest.refreshToken == credentials.refreshToken else { return }
            latest.store(token)
        }
        if !stored.written, stored.contents.refreshToken != credentials.refreshToken {
            logger.debug("the refresh token in the file changed during the refresh; not storing the new token")
        }
        logger.info(
            "refreshed access token",
            metadata: [
                "expires_at": .string(TokenDate.format(token.expiresAt)),
                "api_domain": .string(token.apiDomain ?? "none"),
            ]
        )
        return token
    }

    // MARK: - Sign-in helpers

    /// Exchanges an authorization code (from the browser flow or a Self Client) for tokens and stores the refresh
    /// token, client, granted scopes and access token in the file.
    /// - Parameters:
    ///   - code: the single-use authorization code.
    ///   - redirectURI: the redirect URI used to obtain the code; nil for Self Client codes.
    ///   - client: the OAuth client; nil to use the one in the file or the environment.
    ///   - codeVerifier: the PKCE verifier when the authorization request carried a challenge.
    ///   - accountsURL: the accounts server that issued the code (a multi-DC redirect's `accounts-server`); nil
    ///     for the session's.
    ///   - requestedScopes: recorded as the granted scopes when Zoho's answer does not list them.
    /// - Returns: the new access token.
    @discardableResult
    public func exchangeAuthorizationCode(
        code: String,
        redirectURI: String? = nil,
        client: OAuthClient? = nil,
        codeVerifier: String? = nil,
        accountsURL issuingServer: URL? = nil,
        requestedScopes: [String] = []
    ) async throws -> AccessToken {
        try await withFileLock {
            let contents = try self.file.read(logger: self.logger) ?? TokenFileContents()
            let fileClient = contents.clientID.flatMap { id in
                contents.clientSecret.map { OAuthClient(id: id, secret: $0) }
            }
            guard let client = client ?? fileClient ?? self.bootstrap?.client else {
                throw OAuthError.missingClient(path: self.tokenFilePath)
            }
            var form = [
                ("grant_type", "authorization_code"),
                ("client_id", client.id),
                ("client_secret", client.secret),
                ("code", code),
            ]
            if let redirectURI { form.append(("redirect_uri", redirectURI)) }
            if let codeVerifier { form.append(("code_verifier", codeVerifier)) }
            let server = issuingServer ?? self.accountsURL
            let request = TokenEndpoint.tokenRequest(accountsURL: server, form: form)
            let object = try await self.send(request, operation: .authorizationCode, accountsURL: server)
            return try self.storeGrant(
                object, client: client, accountsURL: server, requestedScopes: requestedScopes,
                operation: .authorizationCode)
        }
    }

    /// Under the lock: stores a grant's refresh token, client, scopes and access token, replacing whatever
    /// credentials the file held.
    func storeGrant(
        _ object: [String: JSONValue],
        client: OAuthClient,
        accountsURL server: URL,
        requestedScopes: [String],
        operation: OAuthOperation
    ) throws -> AccessToken {
        let token = try TokenEndpoint.accessToken(in: object, now: now(), operation: operation, accountsURL: server)
        guard let refreshToken = object["refresh_token"]?.stringValue, !refreshToken.isEmpty else {
            throw OAuthError.noRefreshTokenReturned(accountsServer: TokenEndpoint.origin(server))
        }
        let credentials = OAuthClientCredentials(
            clientID: client.id,
            clientSecret: client.secret,
            refreshToken: refreshToken
        )
        let granted = object["scope"]?.stringValue.map(TokenFileContents.scopeList(from:)) ?? []
        let scopes = granted.isEmpty ? requestedScopes : granted
        _ = try file.update(logger: logger) { latest in
            latest.adopt(credentials, accountsURL: server)
            latest.store(token)
            latest.set(TokenFileKey.scope, scopes.isEmpty ? nil : scopes.joined(separator: ","))
        }
        adoptedExplicitly(token)
        logger.info(
            "signed in and stored new credentials",
            metadata: ["path": .string(tokenFilePath), "expires_at": .string(TokenDate.format(token.expiresAt))]
        )
        return token
    }

    /// Stores credentials in the token file (for a sign-in that obtained a refresh token some other way). A new
    /// refresh token drops the stored access token. The environment's credentials no longer apply to this session.
    /// - Parameter accountsURL: the accounts server the refresh token belongs to; nil for the session's.
    public func storeCredentials(_ credentials: OAuthClientCredentials, accountsURL: URL? = nil) async throws {
        let server = accountsURL ?? self.accountsURL
        try await withFileLock {
            _ = try self.file.update(logger: self.logger) { $0.adopt(credentials, accountsURL: server) }
            self.adoptedExplicitly(nil)
        }
        logger.info("stored credentials in the token file", metadata: ["path": .string(tokenFilePath)])
    }

    /// Revokes the stored refresh token at Zoho (for `auth logout`); the file is left for ``deleteFile()``.
    /// - Throws: ``OAuthError/missingCredentials(path:)`` when there is no refresh token to revoke.
    public func revoke() async throws {
        try await withFileLock {
            let contents = try self.file.read(logger: self.logger) ?? TokenFileContents()
            guard let refreshToken = contents.refreshToken ?? self.bootstrap?.refreshToken else {
                throw OAuthError.missingCredentials(path: self.tokenFilePath)
            }
            let server = contents.refreshToken == nil ? self.accountsURL : self.refreshServer(for: contents)
            let request = TokenEndpoint.revokeRequest(accountsURL: server, token: refreshToken)
            _ = try await self.send(request, operation: .revoke, accountsURL: server)
            self.adoptedExplicitly(nil)
        }
        logger.info("revoked the refresh token")
    }

    /// Deletes the token file (for `auth logout`) and forgets the cached token.
    /// - Returns: whether a file was deleted.
    @discardableResult
    public func deleteFile() async throws -> Bool {
        let deleted = try await withFileLock {
            let deleted = try self.file.delete()
            self.adoptedExplicitly(nil)
            return deleted
        }
        logger.info(
            "deleted the token file",
            metadata: ["path": .string(tokenFilePath), "existed": .stringConvertible(deleted)])
        return deleted
    }

    /// The OAuth client stored in the token file, for a new sign-in that reuses it.
    /// - Throws: ``TokenStoreError`` when the file cannot be read.
    public func storedClient() throws -> OAuthClient? {
        guard let contents = try file.read(logger: logger), let id = contents.clientID,
            let secret = contents.clientSecret
        else { return nil }
        return OAuthClient(id: id, secret: secret)
    }

    /// Where credentials come from and how long the stored token lasts, without contacting Zoho.
    /// - Throws: ``TokenStoreError`` when the file cannot be read.
    public func status() async throws -> TokenStatus {
        let contents = try file.read(logger: logger)
        let fileCredentials = contents?.credentials
        let source: TokenStatus.CredentialSource
        let clientID: String?
        let expiry: Date?
        let server: URL
        if let bootstrap, bootstrapPending, fileCredentials != bootstrap {
            source = .environment
            clientID = bootstrap.clientID
            expiry = contents?.refreshToken == bootstrap.refreshToken ? contents?.accessToken?.expiresAt : nil
            server = accountsURL
        } else if let fileCredentials {
            source = .file
            clientID = fileCredentials.clientID
            expiry = contents?.accessToken?.expiresAt
            server = refreshServer(for: contents ?? TokenFileContents())
        } else {
            source = .none
            clientID = contents?.clientID
            expiry = nil
            server = refreshServer(for: contents ?? TokenFileContents())
        }
        return TokenStatus(
            path: tokenFilePath,
            fileExists: contents != nil || file.exists(),
            credentialSource: source,
            clientID: clientID,
            accessTokenExpiresAt: expiry,
            apiDomain: contents?.apiDomain,
            accountsURL: server,
            scopes: source == .environment ? [] : contents?.scopes ?? [],
            recordedAccountsURL: contents?.accountsURL
        )
    }

    // MARK: - Internals

    private func isFresh(_ token: AccessToken) -> Bool {
        token.expiresAt.timeIntervalSince(now()) > refreshMargin
    }

    /// Runs `body` holding the cross-process file lock, creating the directory (0700) and lock file (0600) first.
    func withFileLock<Result: Sendable>(
        _ body: () async throws -> Result
    ) async throws -> Result {
        try file.ensureDirectory(logger: logger)
        let lock = try await TokenFileLock.acquire(path: file.lockPath, logger: logger)
        defer { lock.release() }
        if !checkedStaleFiles {
            // Under the lock, so that no live writer of ours is mid-way through a temporary file.
            checkedStaleFiles = true
            file.removeStaleTemporaryFiles(logger: logger)
        }
        return try await body()
    }

    /// The file's contents with the bootstrap credentials merged in on first use, and again whenever the file has
    /// disappeared since (deleted by hand while the server runs, say): the configured credentials still hold.
    private func currentContents() throws -> TokenFileContents {
        if !bootstrapPending, bootstrap != nil, !file.exists() {
            logger.warning(
                "the token file is gone; storing the configured credentials in it again",
                metadata: ["path": .string(tokenFilePath)])
            bootstrapPending = true
        }
        guard bootstrapPending, let bootstrap else {
            return try file.read(logger: logger) ?? TokenFileContents()
        }
        let result = try file.update(logger: logger) { latest in
            // The same refresh token keeps the server it was recorded with; an explicit setting that differs is
            // applied afterwards by recordConfiguredServer(in:), which warns about it. A new refresh token carries
            // no record yet, so it gets the configured one.
            let keeping = latest.refreshToken == bootstrap.refreshToken ? latest.accountsURL : nil
            latest.adopt(bootstrap, accountsURL: keeping ?? accountsURL)
        }
        bootstrapPending = false
        if result.written {
            logger.info(
                "stored the credentials from the environment in the token file",
                metadata: ["path": .string(tokenFilePath), "client_id": .string(bootstrap.clientID)]
            )
        }
        return result.contents
    }

    /// The accounts server a refresh with the file's refresh token goes to.
    private func refreshServer(for contents: TokenFileContents) -> URL {
        switch accountsURLSource {
        case .explicit: accountsURL
        case .default: contents.accountsURL ?? accountsURL
        }
    }

    /// Whether the file holds credentials whose recorded accounts server is not the explicitly configured one.
    private func recordNeedsConfiguredServer(_ contents: TokenFileContents) -> Bool {
        accountsURLSource == .explicit && contents.refreshToken != nil
            && contents.accountsURL?.absoluteString != accountsURL.absoluteString
    }

    /// Under the lock: makes the file record the explicitly configured accounts server, warning when that sends the
    /// stored refresh token to another host than before.
    /// - Returns: the contents now on disk.
    private func recordConfiguredServer(in contents: TokenFileContents) throws -> TokenFileContents {
        guard recordNeedsConfiguredServer(contents) else { return contents }
        let previous = contents.accountsURL
        let result = try file.update(logger: logger) { $0.record(accountsURL: accountsURL) }
        guard let previous else { return result.contents }
        let old = TokenEndpoint.origin(previous)
        let new = TokenEndpoint.origin(accountsURL)
        if old.lowercased() == new.lowercased() {
            logger.debug("recorded the configured accounts server in the token file", metadata: ["accounts": "\(new)"])
            return result.contents
        }
        let region = vocabulary.name(of: .region)
        let accounts = vocabulary.name(of: .accountsURL)
        // A warning from a library is unusual, but this is the one moment a silent change would cost the user a
        // confusing invalid_code later, and it happens once: the file records the new server from now on.
        logger.warning(
            """
            Token refreshes now go to \(new) instead of \(old), the accounts server the token file recorded for the \
            stored refresh token, because \(region) or \(accounts) was set; the file now records \(new). A refresh \
            token works only in the data centre that issued it, so refreshing will fail unless the stored one comes \
            from the new data centre. If the change was a mistake, correct \(region) or \(accounts). Otherwise: \
            \(vocabulary.signInAdvice)
            """,
            metadata: ["previous_accounts": "\(old)", "accounts": "\(new)"]
        )
        return result.contents
    }

    private func requireCredentials(_ contents: TokenFileContents) throws -> OAuthClientCredentials {
        if let credentials = contents.credentials { return credentials }
        guard contents.refreshToken != nil else { throw OAuthError.missingCredentials(path: tokenFilePath) }
        let missing = [TokenFileKey.clientID, TokenFileKey.clientSecret].filter { contents.string($0) == nil }
        throw OAuthError.incompleteCredentials(path: tokenFilePath, missingKeys: missing)
    }

    /// Credentials were set explicitly: forget the cached token and stop applying the environment's.
    func adoptedExplicitly(_ token: AccessToken?) {
        cached = token
        credentialsEpoch += 1
        fileFallback = nil
        refreshBackoff = nil
        bootstrapPending = false
    }

    /// Sends a request to the accounts server; a failure to get any answer becomes ``OAuthError/transport``.
    func exchange(
        _ request: HTTPRequest,
        operation: OAuthOperation,
        accountsURL server: URL
    ) async throws -> HTTPResponse {
        do {
            return try await transport.send(request)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw OAuthError.transport(
                operation: operation, accountsServer: TokenEndpoint.origin(server), underlying: error)
        }
    }

    func send(
        _ request: HTTPRequest,
        operation: OAuthOperation,
        accountsURL server: URL
    ) async throws -> [String: JSONValue] {
        let response = try await exchange(request, operation: operation, accountsURL: server)
        logger.debug(
            "token endpoint answered",
            metadata: ["operation": .string(operation.rawValue), "status": .stringConvertible(response.status)]
        )
        return try TokenEndpoint.interpret(response, operation: operation, accountsURL: server)
    }
}
