import RosterYAML

/// Parses `text` expecting success.
func load(_ text: String, file: String = "test.yaml", limits: YAMLLimits = .init()) throws -> YAMLDocument {
    try YAMLDocument.parse(text, file: file, limits: limits)
}

/// Parses `text` expecting failure, and returns its errors (none if it parsed).
func errors(_ text: String, file: String = "test.yaml", limits: YAMLLimits = .init()) -> [YAMLError] {
    do {
        _ = try YAMLDocument.parse(text, file: file, limits: limits)
        return []
    } catch {
        return error.errors
    }
}

func errors(bytes: [UInt8], limits: YAMLLimits = .init()) -> [YAMLError] {
    do {
        _ = try YAMLDocument.parse(bytes: bytes, file: "test.yaml", limits: limits)
        return []
    } catch {
        return error.errors
    }
}

extension YAMLNode {
    var place: String { "\(line):\(column)" }
}

extension YAMLError {
    var place: String { "\(location.line):\(location.column)" }
}
