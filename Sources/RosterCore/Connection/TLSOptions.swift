import Foundation
import RosterYAML

/// How a backend's HTTPS connections check the server: the common backend keys `ca_file:` and
/// `insecure:`. Certificates are verified against the system's roots by default; `ca_file` adds a
/// private CA; `insecure: true` turns checking off, only when written, and every run warns.
public struct TLSOptions: Sendable, Hashable {
    /// PEM certificates to trust besides the system's (a private CA, a sandbox's self-signed one).
    public var caFile: String?
    /// No certificate checks at all.
    public var insecure: Bool
    /// Where `insecure: true` is written, for the warning.
    public var insecureLocation: SourceLocation?
    /// `allow_plaintext: true`: an `http://` URL to a host that is not loopback is accepted (warned).
    public var allowPlaintext = false
    /// Where `allow_plaintext: true` is written, for the warning.
    public var plaintextLocation: SourceLocation?
    /// `proxy:` of the backend (`http://[user:password@]host:port`, or `none`): it replaces the
    /// environment's `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` for this backend. A secret, as it may
    /// hold a password.
    public var proxy: Secret?

    public init(caFile: String? = nil, insecure: Bool = false, insecureLocation: SourceLocation? = nil) {
        self.caFile = caFile
        self.insecure = insecure
        self.insecureLocation = insecureLocation
    }

    /// Whether the defaults (system roots, full verification) apply; RosterHTTP turns the options
    /// into its client's TLS configuration.
    public var isDefault: Bool { caFile == nil && !insecure }

    /// The warning every run prints for a backend with `insecure: true`.
    public static func insecureWarning(backend: String, url: String, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.warning, "backend '\(backend)': TLS certificate verification is off ('insecure: true')",
                   at: location,
                   notes: [.init("anyone between roster and \(ServerURL.host(of: url)) can read its credentials; use 'ca_file:' to trust a private CA instead")])
    }

    /// Largest `ca_file` read (a bundle of a few hundred certificates).
    static let maxCAFileSize = 4 << 20

    /// Reads `ca_file:` at its line: the file must exist and hold a PEM certificate.
    static func readCAFile(_ node: YAMLNode, reader: ValueReader) -> String? {
        guard let text = reader.string(node, "ca_file") else { return nil }
        let path = reader.resolvePath(text)
        switch BoundedFile.read(path, maxSize: maxCAFileSize) {
        case .success(let data) where String(decoding: data, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----"):
            return path
        case .success:
            reader.bag.error("'ca_file' '\(path)' holds no PEM certificate", at: node.location,
                             notes: [.init("expected '-----BEGIN CERTIFICATE-----' blocks")])
        case .failure(let reason):
            reader.bag.error("cannot read 'ca_file' '\(path)': \(reason)", at: node.location)
        }
        return nil
    }
}

/// Reads a small regular file with a size limit, so that a huge file cannot exhaust memory, and
/// opened without blocking, so that a FIFO or a device cannot stall the load.
public enum BoundedFile {
    public static func read(_ path: String, maxSize: Int) -> Result<Data, ReadFailure> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            return .failure(ReadFailure(FileManager.default.fileExists(atPath: path) ? "it cannot be opened" : "it does not exist"))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return .failure(ReadFailure("it is not a regular file"))
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            let data = try handle.read(upToCount: maxSize + 1) ?? Data()
            if data.count > maxSize { return .failure(ReadFailure("it is larger than \(maxSize) bytes")) }
            return .success(data)
        } catch {
            return .failure(ReadFailure("it cannot be read (is it a folder?)"))
        }
    }

    public struct ReadFailure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
