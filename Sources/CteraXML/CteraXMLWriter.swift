/// Writes CTERA XML the way the vendor's SDK does: no declaration, no white space, `& < >` escaped,
/// a null attribute as `<att id="x" />` and an empty string as `<val />`.
extension CteraValue {
    public func xml() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    public func xmlBytes() -> [UInt8] { Array(xml().utf8) }

    func write(to out: inout String) {
        switch self {
        case .null:
            out += "<val />"
        case .text(let text):
            if text.isEmpty { out += "<val />" } else { out += "<val>" + Self.escape(text) + "</val>" }
        case .list(let items):
            if items.isEmpty { out += "<list />"; return }
            out += "<list>"
            for item in items { item.write(to: &out) }
            out += "</list>"
        case .object(let object):
            object.write(to: &out)
        }
    }

    /// Escapes text for element content and for double-quoted attribute values.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x0D })
        else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension CteraObject {
    public func xml() -> String { CteraValue.object(self).xml() }

    func write(to out: inout String) {
        out += "<obj"
        if let className { out += " class=\"" + CteraValue.escape(className) + "\"" }
        if let uuid { out += " uuid=\"" + CteraValue.escape(uuid) + "\"" }
        out += ">"
        for attribute in attributes {
            let id = CteraValue.escape(attribute.name)
            if attribute.value == .null {
                out += "<att id=\"" + id + "\" />"
            } else {
                out += "<att id=\"" + id + "\">"
                attribute.value.write(to: &out)
                out += "</att>"
            }
        }
        out += "</obj>"
    }
}
