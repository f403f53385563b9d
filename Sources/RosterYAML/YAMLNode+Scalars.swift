/// Typed reading of scalars with the YAML 1.2 core schema: only plain scalars resolve, so a
/// quoted `"true"` or `'1'` stays a string. An explicit core tag (`!!bool`, `!!int`, `!!float`,
/// `!!null`) resolves the text whatever its style; any other tag resolves nothing.
extension YAMLNode {
    private enum Resolution {
        case plain, null, bool, int, float, none
    }

    private static let coreTag = "tag:yaml.org,2002:"

    private func resolution(_ node: Node) -> Resolution {
        guard node.isScalar else { return .none }
        guard node.isTagged else { return node.isPlain ? .plain : .none }
        switch document.tags[node.positionKey] {
        case Self.coreTag + "null": return .null
        case Self.coreTag + "bool": return .bool
        case Self.coreTag + "int": return .int
        case Self.coreTag + "float": return .float
        default: return .none
        }
    }

    /// Plain `""`, `~`, `null`, `Null`, `NULL`, or any scalar tagged `!!null`.
    public var isNull: Bool {
        let node = node
        switch resolution(node) {
        case .plain: return Self.isNullText(bytes(node))
        case .null: return true
        default: return false
        }
    }

    /// `true`, `True`, `TRUE`, `false`, `False`, `FALSE`; nil for anything else.
    public var bool: Bool? {
        let node = node
        switch resolution(node) {
        case .plain, .bool: return Self.bool(bytes(node))
        default: return nil
        }
    }

    /// Decimal with an optional sign, `0x` hex or `0o` octal; nil for anything else or on overflow.
    public var int: Int? {
        let node = node
        switch resolution(node) {
        case .plain, .int: return Self.int(bytes(node))
        default: return nil
        }
    }

    /// A float (`1.5`, `-2e3`, `.inf`, `-.Inf`, `.nan`) or an int; nil for anything else.
    public var double: Double? {
        let node = node
        switch resolution(node) {
        case .plain, .int, .float:
            let text = bytes(node)
            if let value = Self.int(text) { return Double(value) }
            return Self.double(text)
        default:
            return nil
        }
    }

    static func isNullText(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        switch text.count {
        case 0: return true
        case 1: return text[0] == UInt8(ascii: "~")
        case 4: return ["null", "Null", "NULL"].contains { $0.utf8.elementsEqual(text) }
        default: return false
        }
    }

    static func bool(_ text: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard text.count == 4 || text.count == 5 else { return nil }
        if ["true", "True", "TRUE"].contains(where: { $0.utf8.elementsEqual(text) }) { return true }
        if ["false", "False", "FALSE"].contains(where: { $0.utf8.elementsEqual(text) }) { return false }
        return nil
    }

    static func int(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        if text.count > 2, text[0] == UInt8(ascii: "0") {
            if text[1] == UInt8(ascii: "x") { return magnitude(text.dropFirst(2), radix: 16).flatMap { Int(exactly: $0) } }
            if text[1] == UInt8(ascii: "o") { return magnitude(text.dropFirst(2), radix: 8).flatMap { Int(exactly: $0) } }
        }
        let negative = text.first == UInt8(ascii: "-")
        let digits = text.first == UInt8(ascii: "-") || text.first == UInt8(ascii: "+") ? text.dropFirst() : text[...]
        guard let magnitude = magnitude(digits, radix: 10) else { return nil }
        if negative {
            return magnitude <= UInt64(Int.max) + 1 ? Int(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return Int(exactly: magnitude)
    }

    /// The value of one or more digits, nil if any is not a digit of `radix` or on overflow.
    private static func magnitude(_ digits: Slice<UnsafeBufferPointer<UInt8>>, radix: UInt64) -> UInt64? {
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            guard digit < radix else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: radix)
            let (sum, carry) = shifted.addingReportingOverflow(digit)
            guard !overflow, !carry else { return nil }
            value = sum
        }
        return value
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?.inf` and `.nan` in their three cases.
    static func double(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        let string = String(decoding: text, as: UTF8.self)
        switch string {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        var rest = Substring(string)
        if rest.first == "-" || rest.first == "+" { rest.removeFirst() }
        let whole = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(whole.count)
        var fraction = Substring()
        if rest.first == "." {
            rest.removeFirst()
            fraction = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(fraction.count)
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return nil }
        if rest.first == "e" || rest.first == "E" {
            rest.removeFirst()
            if rest.first == "-" || rest.first == "+" { rest.removeFirst() }
            let exponent = rest.prefix { $0.isASCII && $0.isNumber }
            guard !exponent.isEmpty else { return nil }
            rest = rest.dropFirst(exponent.count)
        }
        return rest.isEmpty ? Double(string) : nil
    }
}
