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

    /** Reads a whole response: the server closes the connection after it (requests say {@code Connection: close}). */
    public static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
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
}
