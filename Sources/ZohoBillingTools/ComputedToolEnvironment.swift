/// What a computed tool may use: the Zoho client, the resolved organization, and the call's context.
package struct ComputedToolEnvironment: Sendable {
    package var client: ZohoClient
    package var organizationID: String?
    package var context: any ToolCallContext
}
