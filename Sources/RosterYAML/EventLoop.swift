import CYAML

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the bytes come from, to place reader errors that libyaml reports as a byte offset.
enum InputSource {
    case file(String)
    case bytes(UnsafeBufferPointer<UInt8>)
}

/// The libyaml parser loop shared by loading and scanning.
enum EventLoop {
    nonisolated(unsafe) static let emptyInput = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

    /// Feeds every event of the stream to `builder` until the stream ends, an error stops it, or
    /// the builder stops.
    static func run(
        _ builder: inout DocumentBuilder, source: InputSource,
        setInput: (UnsafeMutablePointer<yaml_parser_t>) -> Void
    ) {
        let failure = withParser(source: source, file: builder.file, setInput: setInput) { event in
            builder.handle(event)
            return !builder.stopped
        }
        if let failure {
            builder.errors.append(failure)
            builder.closeOpenCollections()
        }
    }

    /// Calls `body` with each event until it returns false or the stream ends; returns libyaml's
    /// error if it stopped on one. Each event is deleted right after `body` returns.
    static func withParser(
        source: InputSource, file: String,
        setInput: (UnsafeMutablePointer<yaml_parser_t>) -> Void,
        body: (UnsafePointer<yaml_event_t>) -> Bool
    ) -> YAMLError? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer {
            parser.deallocate()
            event.deallocate()
        }
        guard yaml_parser_initialize(parser) == 1 else {
            return YAMLError(location: SourceLocation(file: file, line: 1, column: 1), message: "out of memory")
        }
        defer { yaml_parser_delete(parser) }
        setInput(parser)
        while true {
            guard yaml_parser_parse(parser, event) == 1 else {
                return ParserError.make(parser.pointee, source: source, file: file)
            }
            let last = event.pointee.type == YAML_STREAM_END_EVENT
            let goOn = body(event)
            yaml_event_delete(event)
            if last || !goOn { return nil }
        }
    }
}

/// An open input file, closed when dropped.
struct InputFile: ~Copyable {
    let handle: UnsafeMutablePointer<FILE>
    /// Bytes, for a regular file; 0 otherwise.
    let size: Int
    let isRegular: Bool
    let maxSize: Int

    init(path: String, maxSize: Int) throws(YAMLLoadFailure) {
        func failure(_ message: String) -> YAMLLoadFailure {
            YAMLLoadFailure(errors: [YAMLError(location: SourceLocation(file: path, line: 1, column: 1), message: message)])
        }
        guard let handle = fopen(path, "rb") else {
            throw failure("cannot open file: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(fileno(handle), &info) == 0 else {
            let reason = String(cString: strerror(errno))
            fclose(handle)
            throw failure("cannot open file: \(reason)")
        }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR {
            fclose(handle)
            throw failure("cannot open file: \(String(cString: strerror(EISDIR)))")
        }
        let size = kind == S_IFREG ? Int(info.st_size) : 0
        if size > maxSize {
            fclose(handle)
            throw failure(Self.tooLargeMessage(maxSize))
        }
        self.handle = handle
        self.size = size
        self.isRegular = kind == S_IFREG
        self.maxSize = maxSize
    }

    deinit {
        fclose(handle)
    }

    static func tooLargeMessage(_ maxSize: Int) -> String {
        "file is larger than the limit of \(maxSize) bytes"
    }
}

/// Reads a file whose size is not known up front (a pipe, a device), refusing more than
/// `left` bytes.
final class LimitedReader {
    let handle: UnsafeMutablePointer<FILE>
    var left: Int
    private(set) var exceeded = false

    init(handle: UnsafeMutablePointer<FILE>, maxSize: Int) {
        self.handle = handle
        self.left = maxSize
    }

    /// Makes `parser` read through `reader`, which must outlive the parse.
    static func attach(_ reader: LimitedReader, to parser: UnsafeMutablePointer<yaml_parser_t>) {
        yaml_parser_set_input(parser, { data, buffer, size, sizeRead in
            guard let data, let sizeRead else { return 0 }
            let reader = Unmanaged<LimitedReader>.fromOpaque(data).takeUnretainedValue()
            let read = fread(buffer, 1, size, reader.handle)
            if read == 0, ferror(reader.handle) != 0 { return 0 }
            reader.left -= read
            if reader.left < 0 {
                reader.exceeded = true
                return 0
            }
            sizeRead.pointee = read
            return 1
        }, Unmanaged.passUnretained(reader).toOpaque())
    }
}
