import RosterFuzzing

/// libFuzzer's entry point; see `FuzzInput.xmlrpc`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzInput.xmlrpc(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
