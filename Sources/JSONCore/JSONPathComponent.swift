/// A step into an object member or an array element.
public enum JSONPathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)
}

extension [JSONPathComponent] {
    /// Renders the path as people write it: `invoice_items[0].rate`.
    public var dottedName: String {
        var text = ""
        for component in self {
            switch component {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
