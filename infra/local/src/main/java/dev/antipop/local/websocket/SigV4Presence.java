package dev.antipop.local.websocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * Whether a management API call carries SigV4 credentials, as API Gateway's IAM authorization requires of every
 * {@code @connections} call ("Signing AWS API requests", IAM user guide: the {@code Authorization} header
 * {@code AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…}, or a presigned URL's query parameters). The
 * signature itself is not checked: the local cloud holds no IAM, and any key signs. This only makes an unsigned
 * client fail here as it would on AWS, where an unsigned call to an IAM-authorised method is answered 403
 * {@code {"message":"Missing Authentication Token"}} (AWS knowledge center, "How do I troubleshoot 403 Missing
 * Authentication Token errors from an API Gateway REST API endpoint?"; the WebSocket management API requires IAM
 * authorization with SigV4, API Gateway developer guide, "Use @connections commands in your backend service").
 */
final class SigV4Presence {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String[] HEADER_PARTS = {"Credential", "Signature", "SignedHeaders"};

    private SigV4Presence() {}

    /**
     * What is missing: {@code null} when the request is signed, {@code ""} when it carries no credentials at all (API
     * Gateway: 403 "Missing Authentication Token"), else the message of an {@code IncompleteSignatureException}.
     */
    static String missing(Request request) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            return presigned(request);
        }
        String value = authorization.strip();
        if (!value.startsWith(ALGORITHM + " ")) {
            return "Authorization header requires the " + ALGORITHM + " algorithm (SigV4).";
        }
        List<String> problems = new ArrayList<>();
        String parameters = value.substring(ALGORITHM.length());
        for (String part : HEADER_PARTS) {
            if (!hasParameter(parameters, part)) {
                problems.add("Authorization header requires '" + part + "' parameter.");
            }
        }
        return problems.isEmpty() ? null : String.join(" ", problems);
    }

    private static boolean hasParameter(String parameters, String name) {
        for (String item : parameters.split(",")) {
            String trimmed = item.strip();
            int equals = trimmed.indexOf('=');
            if (equals > 0 && trimmed.substring(0, equals).strip().equals(name) && equals < trimmed.length() - 1) {
                return true;
            }
        }
        return false;
    }

    /** A presigned URL's query credentials ({@code X-Amz-Algorithm}, {@code -Credential}, {@code -Signature}). */
    private static String presigned(Request request) {
        Fields query = Request.extractQueryParameters(request);
        String algorithm = query.getValue("X-Amz-Algorithm");
        if (algorithm == null) {
            return "";
        }
        if (!algorithm.toUpperCase(Locale.ROOT).equals(ALGORITHM)
                || query.getValue("X-Amz-Credential") == null
                || query.getValue("X-Amz-Signature") == null) {
            return "Presigned request requires X-Amz-Algorithm=" + ALGORITHM
                    + ", X-Amz-Credential and X-Amz-Signature.";
        }
        return null;
    }
}
