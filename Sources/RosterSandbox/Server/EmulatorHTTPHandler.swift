import NIOCore
import NIOHTTP1

/// Aggregates one request, asks the fault plan and then the service, writes the answer.
/// NIO's pipelining handler in front of it keeps responses in request order.
final class EmulatorHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let service: any EmulatorService
    let faults: @Sendable () -> FaultPlan
    let counters: FaultCounters
    let bodyLimit: Int
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var rejected = false

    init(service: any EmulatorService, faults: @escaping @Sendable () -> FaultPlan, counters: FaultCounters,
         bodyLimit: Int) {
        self.service = service
        self.faults = faults
        self.counters = counters
        self.bodyLimit = bodyLimit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
            rejected = false
            if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > bodyLimit {
                reject(context: context, version: head.version)
            }
        case .body(var buffer):
            guard !rejected else { return }
            guard body.count + buffer.readableBytes <= bodyLimit else {
                reject(context: context, version: head?.version ?? .http1_1)
                return
            }
            body.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
        case .end:
            guard !rejected, let head else { return }
            self.head = nil
            dispatch(context: context, head: head, body: body)
            body = []
        }
    }

    private func reject(context: ChannelHandlerContext, version: HTTPVersion) {
        rejected = true
        body = []
        write(.text("Request body too large\n", status: 413), version: version, keepAlive: false, context: context)
    }

    private func dispatch(context: ChannelHandlerContext, head: HTTPRequestHead, body: [UInt8]) {
        let request = EmulatorRequest(
            method: head.method.rawValue, uri: head.uri,
            headers: head.headers.map { (name: $0.name, value: $0.value) }, body: body)
        let service = service
        let plan = faults()
        let counters = counters
        let keepAlive = head.isKeepAlive
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.makeFutureWithTask { () async -> EmulatorResponse? in
            let (delay, decision) = plan.decide(for: request)
            if delay > .zero {
                counters.record(.latency)
                // No tolerance: the default lets the timer fire up to a tenth of the delay late
                // (libdispatch's leeway for `dispatch_after`), which is not the latency asked for.
                try? await Task.sleep(for: delay, tolerance: .zero)
            }
            switch decision {
            case .pass: return await service.handle(request)
            case .respond(let response, let kind):
                counters.record(kind)
                return response
            case .drop:
                counters.record(.drop)
                return nil
            case .lose:
                // The emulator handles the request (a mutation lands, its state is saved), then
                // the answer is thrown away and the connection closed.
                _ = await service.handle(request)
                counters.record(.lost)
                return nil
            }
        }.whenComplete { result in
            let (handler, context) = bound.value
            switch result {
            case .success(let response?):
                handler.write(response, version: head.version, keepAlive: keepAlive, context: context)
            case .success(nil), .failure:
                context.close(promise: nil)
            }
        }
    }

    private func write(_ response: EmulatorResponse, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        if !keepAlive {
            headers.replaceOrAdd(name: "Connection", value: "close")
        } else if version.major == 1 && version.minor == 0 {
            headers.replaceOrAdd(name: "Connection", value: "keep-alive")
        }
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !response.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }
}
