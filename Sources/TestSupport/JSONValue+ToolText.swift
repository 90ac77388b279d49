public import JSONCore

extension JSONValue {
    /// The first text block of a `tools/call` result; empty when there is none.
    public var toolText: String { self["content"]?.arrayValue?.first?["text"]?.stringValue ?? "" }
}
