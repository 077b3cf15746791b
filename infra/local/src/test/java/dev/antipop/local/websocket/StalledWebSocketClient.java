package dev.antipop.local.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client over a raw socket that completes the handshake (RFC 6455 section 4.1) and then never reads
 * again, like a browser tab frozen in the background or a peer that vanished. Its receive buffer is small, so the
 * server's writes back up after a few hundred kilobytes.
 */
final class StalledWebSocketClient implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;

    private StalledWebSocketClient(Socket socket) {
        this.socket = socket;
    }

    /**
     * Opens a connection and reads the handshake's answer, and nothing after it.
     *
     * @throws IOException when the server does not answer 101
     */
    static StalledWebSocketClient open(String host, int port, String path) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(16 * 1024);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(10_000);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                socket.close();
                throw new IOException("the server closed the connection during the handshake: " + head);
            }
            head.write(b);
        }
        String answer = head.toString(StandardCharsets.US_ASCII);
        if (!answer.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException(
                    "handshake refused: " + answer.lines().findFirst().orElse(""));
        }
        return new StalledWebSocketClient(socket);
    }

    /**
     * Whether the server has dropped the connection: reads (and discards) what is queued until the end of the stream
     * or a reset. Only for after the test, since it drains the backlog.
     */
    boolean serverHasDropped() {
        byte[] sink = new byte[64 * 1024];
        try {
            InputStream in = socket.getInputStream();
            while (in.read(sink) >= 0) {
                // discard the backlog
            }
            return true;
        } catch (SocketException reset) {
            return true;
        } catch (IOException stillOpen) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
