import NIOCore

/// Splits the server's byte stream into reply lines, without their CRLF.
///
/// Lines are capped (RFC 5321 allows 512 octets per reply line; 64 KiB leaves room for
/// sloppy servers) so a broken or hostile peer cannot make Rota buffer without bound.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String
    static let maximumLineLength = 65_536

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength {
                throw SMTPError.protocolViolation("reply line longer than \(Self.maximumLineLength) bytes")
            }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}
