import CurlHTTP
import ZohoEmulator

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Hands requests to the in-process emulator instead of the network: the sandbox.
///
/// The emulator comes as a task because seeding the demo company takes a few tens of milliseconds: `serve` starts
/// answering the client at once while the organization fills in the background, and the first request waits for it.
struct EmulatorTransport: HTTPTransport {
    let emulator: Task<ZohoEmulator, Never>
    /// Where changes are saved (`--sandbox-state`), if anywhere.
    var stateFile: SandboxStateFile? = nil

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        let query = (components?.queryItems ?? []).map { EmulatorQueryItem(name: $0.name, value: $0.value ?? "") }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.lowercased()] = field.value }
        let emulator = await emulator.value
        let answer = await emulator.handle(
            EmulatorRequest(
                method: request.method.rawValue, path: components?.path ?? request.url.path, query: query,
                headers: headers, body: request.body ?? Data()))
        if let stateFile, request.method.rawValue != "GET", (200..<300).contains(answer.status) {
            stateFile.save(emulator)
        }
        var responseHeaders = HTTPHeaders()
        for (name, value) in answer.headers.sorted(by: { $0.key < $1.key }) {
            responseHeaders.add(name: name, value: value)
        }
        return HTTPResponse(status: answer.status, headers: responseHeaders, body: answer.body)
    }
}
