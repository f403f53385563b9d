/// One XML-RPC value.
///
/// `int` covers `<int>`, `<i4>` and (when decoding) `<i8>`; an untyped `<value>text</value>`
/// decodes as `string`. `nil` is only produced by the decoder (`<nil/>`); clients never send it.
public enum XMLRPCValue: Sendable, Hashable {
    case int(Int)
    case boolean(Bool)
    case string(String)
    case double(Double)
    /// The raw `dateTime.iso8601` text as sent, e.g. `20240101T10:00:00`.
    case dateTime(String)
    case base64([UInt8])
    case array([XMLRPCValue])
    case `struct`(XMLRPCStruct)
    case `nil`

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var int: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    public var bool: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }

    public var double: Double? {
        if case .double(let value) = self { return value }
        return nil
    }

    public var dateTime: String? {
        if case .dateTime(let value) = self { return value }
        return nil
    }

    public var bytes: [UInt8]? {
        if case .base64(let value) = self { return value }
        return nil
    }

    public var array: [XMLRPCValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var structValue: XMLRPCStruct? {
        if case .struct(let value) = self { return value }
        return nil
    }

    public var isNil: Bool {
        if case .nil = self { return true }
        return false
    }

    /// The XML-RPC type name, for error messages: `int`, `string`, `struct`, ...
    public var typeName: String {
        switch self {
        case .int: "int"
        case .boolean: "boolean"
        case .string: "string"
        case .double: "double"
        case .dateTime: "dateTime.iso8601"
        case .base64: "base64"
        case .array: "array"
        case .struct: "struct"
        case .nil: "nil"
        }
    }
}

extension XMLRPCValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension XMLRPCValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension XMLRPCValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
}

extension XMLRPCValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension XMLRPCValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: XMLRPCValue...) { self = .array(elements) }
}

extension XMLRPCValue: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, XMLRPCValue)...) {
        self = .struct(XMLRPCStruct(elements.map { (name: $0.0, value: $0.1) }))
    }
}
