package dev.antipop.realtime;

import dev.antipop.core.auth.Capabilities;
import dev.antipop.core.subject.Subject;
import dev.antipop.dynamodb.ConnectionStore;
import dev.antipop.dynamodb.ConnectionStore.Connection;
import dev.antipop.dynamodb.PresenceStore.Member;
import dev.antipop.dynamodb.SubscriptionStore;
import dev.antipop.dynamodb.SubscriptionStore.Candidates;
import dev.antipop.dynamodb.SubscriptionStore.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * Pushes frames to WebSocket connections through the API Gateway Management API ({@code POST /@connections/{id}}):
 * to every connection entitled to a subject (the fan-out, presence announcements) or to one connection (replay,
 * {@code cap_update}).
 *
 * <p><b>Recipients of a subject.</b> The subscriptions whose pattern matches are found through the subscriptions
 * table's literal-prefix partitions: one Query per token of the subject plus one, however many subscriptions exist
 * ({@link SubscriptionStore#lookup}). Their connections are read with consistent BatchGetItem calls (100 keys each)
 * and each is re-checked against its <em>current</em> roles ({@link Capabilities.Effective#allowsDelivery}): a
 * subscription that slipped in while a role was being removed is not served, and is deleted. The connections of the
 * user who caused the event ({@code senderUserId}) receive it as well, unchecked: they issued the command that the
 * command function already authorised, and this is how a client learns its command's result (DESIGN.md section 2).
 *
 * <p><b>Failures.</b> 410 Gone deletes the connection, its subscriptions and its presence (the rooms left are
 * returned for announcement). Any other failure counts one more consecutive failure on the connection item; at
 * {@code maxPostFailures} the connection is dropped (management API DELETE, then its items are deleted) and no longer
 * counts as a failure; below it the failure is reported so that the caller can have the record redelivered. A
 * successful post resets the count (one write, only when the count was non-zero).
 */
public final class Delivery implements AutoCloseable {

    /** Default number of posts in flight per publish. */
    public static final int DEFAULT_CONCURRENCY = 32;

    /**
     * Default consecutive failed pushes (other than 410 Gone) after which a connection is dropped: three, so that one
     * transient 5xx or throttle does not cost a client its connection, while a connection that stopped reading does
     * not make every event of its subjects redeliver forever.
     */
    public static final int DEFAULT_MAX_POST_FAILURES = 3;

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    private final ConnectionRegistry registry;
    private final ApiGatewayManagementApiClient managementApi;
    private final Capabilities capabilities;
    private final int maxPostFailures;
    private final ExecutorService posts;

    /**
     * What one publish or send did.
     *
     * @param recipients connections a post was attempted to
     * @param delivered posts accepted by API Gateway
     * @param denied subscription matches refused by the capability re-check (their subscriptions were deleted)
     * @param gone connections answered 410 Gone and removed
     * @param dropped connections dropped after {@code maxPostFailures} consecutive failures
     * @param failures other post failures (below the drop threshold): the caller should have the frame redelivered
     * @param subscriptionQueries Query requests on the subscriptions table
     * @param connectionReads BatchGetItem requests on the connections table
     * @param left rooms that removed or dropped connections were present in, to announce {@code presence.left}
     */
    public record Report(
            int recipients,
            int delivered,
            int denied,
            int gone,
            int dropped,
            List<Throwable> failures,
            int subscriptionQueries,
            int connectionReads,
            List<Member> left) {}

    private enum Outcome {
        DELIVERED,
        GONE,
        DROPPED
    }

    private record Result(Outcome outcome, List<Member> left) {}

    /**
     * @param registry connections, subscriptions and presence
     * @param managementApi built once for the WebSocket API's stage
     * @param capabilities roles → subject patterns, for the re-check at delivery
     * @param concurrency posts in flight at most (1–256); daemon threads owned by this instance
     * @param maxPostFailures consecutive failures that drop a connection (≥ 1)
     */
    public Delivery(
            ConnectionRegistry registry,
            ApiGatewayManagementApiClient managementApi,
            Capabilities capabilities,
            int concurrency,
            int maxPostFailures) {
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("Post concurrency must be 1–256, got " + concurrency);
        }
        if (maxPostFailures < 1) {
            throw new IllegalArgumentException("maxPostFailures must be at least 1, got " + maxPostFailures);
        }
        this.registry = registry;
        this.managementApi = managementApi;
        this.capabilities = capabilities;
        this.maxPostFailures = maxPostFailures;
        this.posts = Executors.newFixedThreadPool(concurrency, daemonThreads());
    }

    /**
     * Pushes a frame to every connection entitled to {@code subject}, in parallel.
     *
     * @param subject the frame's subject; {@code null} for an event whose topic is invalid (then only the sender's
     *     connections get it)
     * @param senderUserId the user who caused the event, whose connections also get it; {@code null} for none
     * @throws InterruptedException if interrupted while waiting for the posts (pending ones are cancelled)
     */
    public Report publish(Subject subject, byte[] frame, String senderUserId) throws InterruptedException {
        return publish(subject, frame, senderUserId, null, BatchLookups.none());
    }

    /**
     * {@link #publish(Subject, byte[], String)}, reusing what {@code lookups} read for earlier events of the same
     * batch (the fan-out).
     *
     * @throws InterruptedException if interrupted while waiting for the posts (pending ones are cancelled)
     */
    public Report publish(Subject subject, byte[] frame, String senderUserId, BatchLookups lookups)
            throws InterruptedException {
        return publish(subject, frame, senderUserId, null, Objects.requireNonNull(lookups, "lookups"));
    }

    /**
     * Pushes a frame to every connection entitled to {@code subject} except those of {@code exceptUserId} (an
     * ephemeral signal such as typing, which its sender does not need back).
     *
     * @throws InterruptedException if interrupted while waiting for the posts
     */
    public Report publishExcept(Subject subject, byte[] frame, String exceptUserId) throws InterruptedException {
        return publish(subject, frame, null, Objects.requireNonNull(exceptUserId, "exceptUserId"), BatchLookups.none());
    }

    private Report publish(
            Subject subject, byte[] frame, String senderUserId, String exceptUserId, BatchLookups lookups)
            throws InterruptedException {
        ConnectionStore connections = registry.connections();
        Map<String, Connection> targets = new LinkedHashMap<>();
        if (senderUserId != null) {
            for (Connection connection : lookups.connectionsOf(connections, senderUserId)) {
                targets.put(connection.connectionId(), connection);
            }
        }
        Candidates candidates =
                subject == null ? new Candidates(List.of(), 0) : lookups.candidates(registry.subscriptions(), subject);
        Set<String> toRead = new LinkedHashSet<>();
        for (Subscription subscription : candidates.subscriptions()) {
            if (!targets.containsKey(subscription.connectionId())) {
                toRead.add(subscription.connectionId());
            }
        }
        BatchLookups.Loaded read = lookups.connections(connections, toRead);
        Map<String, Connection> loaded = read.connections();
        int connectionReads = read.batchGets();
        Map<String, Boolean> entitled = new HashMap<>();
        List<Subscription> slipped = new ArrayList<>();
        for (Subscription subscription : candidates.subscriptions()) {
            String id = subscription.connectionId();
            if (targets.containsKey(id)) {
                continue; // a sender's connection, or one already entitled through another subscription
            }
            Connection connection = loaded.get(id);
            if (connection == null) {
                continue; // the connection expired or closed; its subscriptions go with it
            }
            if (connection.userId().equals(exceptUserId)) {
                continue;
            }
            boolean allowed = entitled.computeIfAbsent(
                    id,
                    k -> capabilities
                                    .of(connection.userId(), connection.roles())
                                    .allowsDelivery(subject.value())
                            // A membership subject's subscribers were checked as members at sub; a withdrawal
                            // deletes their subscriptions (MembershipChanges), so the subscription itself is the proof.
                            || capabilities.isMembershipSubject(subject.value()));
            if (allowed) {
                targets.put(id, connection);
            } else {
                slipped.add(subscription);
            }
        }
        if (!slipped.isEmpty()) {
            lookups.forget(); // the deleted subscriptions must not serve the batch's next events
        }
        for (Subscription subscription : slipped) {
            log.warn(
                    "Subscription {} of {} is outside its connection's capabilities; not delivered, deleted",
                    subscription.pattern(),
                    subscription.connectionId());
            registry.subscriptions().delete(subscription.connectionId(), subscription.pattern());
        }

        List<Future<Result>> pending = new ArrayList<>(targets.size());
        for (Connection connection : targets.values()) {
            pending.add(posts.submit(() -> post(connection, frame)));
        }
        int delivered = 0;
        int gone = 0;
        int dropped = 0;
        List<Throwable> failures = new ArrayList<>();
        List<Member> left = new ArrayList<>();
        try {
            for (Future<Result> post : pending) {
                try {
                    Result result = post.get();
                    switch (result.outcome()) {
                        case DELIVERED -> delivered++;
                        case GONE -> gone++;
                        case DROPPED -> dropped++;
                    }
                    left.addAll(result.left());
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            pending.forEach(post -> post.cancel(true));
            throw e;
        }
        if (gone + dropped > 0 || !failures.isEmpty()) {
            lookups.forget(); // connection items were deleted or their failure counts changed
        }
        return new Report(
                targets.size(),
                delivered,
                slipped.size(),
                gone,
                dropped,
                List.copyOf(failures),
                candidates.queries(),
                connectionReads,
                List.copyOf(left));
    }

    /**
     * Pushes a frame to one connection, in the calling thread (so that several sends to one connection keep their
     * order), with the same 410 and failure accounting as {@link #publish}.
     */
    public Report send(Connection connection, byte[] frame) {
        try {
            Result result = post(connection, frame);
            return new Report(
                    1,
                    result.outcome() == Outcome.DELIVERED ? 1 : 0,
                    0,
                    result.outcome() == Outcome.GONE ? 1 : 0,
                    result.outcome() == Outcome.DROPPED ? 1 : 0,
                    List.of(),
                    0,
                    0,
                    result.left());
        } catch (SdkException e) {
            return new Report(1, 0, 0, 0, 0, List.of(e), 0, 0, List.of());
        }
    }

    private Result post(Connection connection, byte[] frame) {
        String connectionId = connection.connectionId();
        try {
            managementApi.postToConnection(
                    request -> request.connectionId(connectionId).data(SdkBytes.fromByteArrayUnsafe(frame)));
        } catch (GoneException e) {
            return new Result(Outcome.GONE, registry.remove(connectionId));
        } catch (SdkException e) {
            int failures = registry.connections().recordPostFailure(connectionId);
            if (failures < maxPostFailures) {
                throw e;
            }
            log.warn(
                    "Dropping connection {}: {} consecutive pushes failed, the last with {}",
                    connectionId,
                    failures,
                    e.toString());
            return new Result(Outcome.DROPPED, drop(connectionId));
        }
        if (connection.postFailures() > 0) {
            registry.connections().clearPostFailures(connectionId);
        }
        return new Result(Outcome.DELIVERED, List.of());
    }

    private List<Member> drop(String connectionId) {
        try {
            managementApi.deleteConnection(request -> request.connectionId(connectionId));
        } catch (GoneException e) {
            // Already closed: only our items remain.
        } catch (SdkException e) {
            // The items go anyway: the client's next message is refused as unregistered, and API Gateway closes the
            // socket at the 2-hour limit at the latest.
            log.warn("DeleteConnection of {} failed; deleting its items anyway", connectionId, e);
        }
        return registry.remove(connectionId);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "ws-post-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops the post threads (the Spring context closes it). */
    @Override
    public void close() {
        posts.shutdownNow();
    }
}
