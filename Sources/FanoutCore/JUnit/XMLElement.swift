/// A parsed XML element: enough of XML for JUnit reports (elements, attributes, text, CDATA, entities).
public struct XMLElement: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLElement]
    /// Text directly inside the element (CDATA included), entities decoded.
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [XMLElement] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// This element and every element below it named `name`, in document order.
    public func descendants(named name: String) -> [XMLElement] {
        var found: [XMLElement] = []
        for child in children {
            if child.name == name { found.append(child) }
            found += child.descendants(named: name)
        }
        return found
    }

    public func child(named name: String) -> XMLElement? {
        children.first { $0.name == name }
    }
}
