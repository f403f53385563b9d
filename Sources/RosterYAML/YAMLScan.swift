import CYAML

/// Bare libyaml passes over a file, the baseline that loading is measured against.
public enum YAMLScan {
    /// A bare libyaml event loop over the file (parse every event, then delete it; nothing kept).
    /// Returns the number of events.
    public static func countEvents(path: String) throws(YAMLLoadFailure) -> Int {
        let input = try InputFile(path: path, maxSize: .max)
        var count = 0
        let failure = EventLoop.withParser(source: .file(path), file: path) { parser in
            yaml_parser_set_input_file(parser, input.handle)
        } body: { _ in
            count += 1
            return true
        }
        if let failure { throw YAMLLoadFailure(errors: [failure]) }
        return count
    }
}
