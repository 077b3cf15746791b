package dev.antipop.local.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The console's static files (HTML, CSS, JavaScript modules), read once from the classpath
 * ({@value #ROOT}) into memory with a gzip copy and an ETag each. There is no build step: what is in the resources
 * directory is what the browser gets.
 */
final class StaticAssets {

    /** Where the files are on the classpath. */
    static final String ROOT = "dev/antipop/local/console/web/";

    /** Every file served, relative to {@link #ROOT} (a test checks this list against the directory). */
    static final List<String> FILES = List.of(
            "index.html",
            "console.css",
            "js/app.js",
            "js/api.js",
            "js/session.js",
            "js/commands.js",
            "js/live.js",
            "js/tables.js",
            "js/runtime.js",
            "js/replay.js",
            "js/dom.js");

    /**
     * One file.
     *
     * @param contentType its media type with charset
     * @param bytes as stored
     * @param gzipped gzip-compressed, or null when that is not smaller
     * @param etag a strong validator (SHA-256 prefix, RFC 9110 section 8.8.3)
     */
    record Asset(String contentType, byte[] bytes, byte[] gzipped, String etag) {}

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    /**
     * @throws IllegalStateException when a listed file is missing from the classpath
     */
    StaticAssets() {
        for (String file : FILES) {
            byte[] bytes = read(file);
            byte[] gzipped = gzip(bytes);
            assets.put(
                    file,
                    new Asset(contentType(file), bytes, gzipped.length < bytes.length ? gzipped : null, etag(bytes)));
        }
    }

    /** The file at {@code path} (relative to the console's root), or null. */
    Asset get(String path) {
        return assets.get(path);
    }

    static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            // RFC 9239: JavaScript modules are text/javascript.
            return "text/javascript; charset=utf-8";
        }
        return "application/octet-stream";
    }

    private static byte[] read(String file) {
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("console file " + ROOT + file + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
