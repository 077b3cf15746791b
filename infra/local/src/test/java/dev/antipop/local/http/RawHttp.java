package dev.antipop.local.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw HTTP/1.1 exchange over a socket, for what well-behaved clients cannot send (bad URIs, trickled bodies). */
public final class RawHttp {

    /** A response as read off the wire: status line, headers and body as text. */
    public record Answer(int status, String head, String body) {

        /** Whether a header line with this name (case-insensitive) and value is present. */
        public boolean hasHeader(String name, String value) {
            return head.lines().anyMatch(line -> line.equalsIgnoreCase(name + ": " + value));
        }
    }

    private RawHttp() {}

    /** Sends {@code request} (with {@code Connection: close} in it) and reads until the server closes. */
    public static Answer exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    /**
     * Reads one response: the head, then {@code Content-Length} bytes of body, or everything until the server closes
     * when there is no length.
     */
    public static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int headEnd = -1;
        long expected = -1;
        try {
            for (int b; (b = in.read()) >= 0; ) {
                out.write(b);
                if (headEnd < 0 && endsWithBlankLine(out)) {
                    headEnd = out.size();
                    expected = contentLength(out.toString(StandardCharsets.ISO_8859_1));
                }
                if (headEnd >= 0 && expected >= 0 && out.size() - headEnd >= expected) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException closedOrSlow) {
            // what arrived is the answer
        }
        String text = out.toString(StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) {
            throw new IOException("no complete response: '" + text + "'");
        }
        String head = text.substring(0, split);
        int status = Integer.parseInt(head.substring(9, 12));
        return new Answer(status, head, text.substring(split + 4));
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream out) {
        byte[] bytes = out.toByteArray();
        int n = bytes.length;
        return n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n';
    }

    private static long contentLength(String head) {
        return head.lines()
                .filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
                .mapToLong(line -> Long.parseLong(line.substring(15).strip()))
                .findFirst()
                .orElse(-1);
    }
}
