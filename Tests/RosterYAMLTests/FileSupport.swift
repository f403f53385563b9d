#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct WriteFailed: Error {}

func writeFile(_ path: String, _ text: String) throws {
    guard let handle = fopen(path, "wb") else { throw WriteFailed() }
    defer { fclose(handle) }
    let bytes = Array(text.utf8)
    guard fwrite(bytes, 1, bytes.count, handle) == bytes.count else { throw WriteFailed() }
}

func removeFile(_ path: String) {
    unlink(path)
}
