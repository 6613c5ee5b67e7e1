package dev.landfall.testsupport;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An S3-API server in this JVM (s3proxy over an in-memory store) with AWS v4 auth, fixed test
 * credentials and a fresh bucket; {@code http://127.0.0.1:<random port>}.
 *
 * <p>{@link #stop()} takes the server down and {@link #start()} brings it back on the same port with
 * the same content, so fault tests can make S3 unavailable for a while.
 */
public final class S3Server extends ManagedResource {

    public static final String ACCESS_KEY = "landfall-test-access";
    public static final String SECRET_KEY = "landfall-test-secret";
    public static final String REGION = "us-east-1";

    private final String bucket;
    private @Nullable BlobStore store;
    private @Nullable S3Proxy proxy;
    private int port;

    public S3Server() {
        this("landfall-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL));
    }

    public S3Server(String bucket) {
        if (bucket.length() < 3 || !bucket.equals(bucket.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("S3 bucket names are lowercase and at least 3 characters: " + bucket);
        }
        this.bucket = bucket;
    }

    /**
     * First call: creates the store and bucket and starts the server on a random port. After
     * {@link #stop()}: starts the server again on the same port, content kept. Running: no-op.
     */
    @Override
    synchronized void start(String owner) throws Exception {
        if (proxy != null) {
            return;
        }
        if (store == null) {
            BlobStore s = new TransientNio2BlobStore();
            s.createContainer(bucket);
            store = s;
        }
        S3Proxy p = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        p.start();
        awaitStarted(p);
        port = p.getPort();
        proxy = p;
    }

    /** Stops the HTTP server (connections are refused), keeping the content and the port for {@link #start()}. */
    public synchronized void stop() throws Exception {
        if (proxy == null) {
            return;
        }
        S3Proxy p = proxy;
        proxy = null;
        p.stop();
    }

    @Override
    synchronized boolean isRunning() {
        return store != null;
    }

    /** True while the HTTP server accepts requests. */
    public synchronized boolean isServing() {
        return proxy != null;
    }

    /** {@code http://127.0.0.1:<port>}; stays the same across {@link #stop()}/{@link #start()}. */
    public synchronized String endpoint() {
        if (store == null) {
            throw new IllegalStateException("S3Server not started (register it with @RegisterExtension static final, or call start())");
        }
        return "http://127.0.0.1:" + port;
    }

    public String bucket() {
        return bucket;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    /** Sets {@code landfall.storage.type=s3} and every {@code landfall.storage.s3.*} property. */
    public void register(DynamicPropertyRegistry registry) {
        ManagedResource.register(springProperties(), registry);
    }

    @Override
    Map<String, Supplier<String>> springProperties() {
        Map<String, Supplier<String>> p = new LinkedHashMap<>();
        p.put("landfall.storage.type", () -> "s3");
        p.put("landfall.storage.s3.endpoint", this::endpoint);
        p.put("landfall.storage.s3.bucket", this::bucket);
        p.put("landfall.storage.s3.region", this::region);
        p.put("landfall.storage.s3.path-style", () -> "true");
        p.put("landfall.storage.s3.access-key", this::accessKey);
        p.put("landfall.storage.s3.secret-key", this::secretKey);
        return p;
    }

    @Override
    public synchronized void close() throws Exception {
        stop();
        if (store != null) {
            BlobStore s = store;
            store = null;
            s.close();
        }
    }

    private static void awaitStarted(S3Proxy p) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!"STARTED".equals(p.getState())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("s3proxy did not start within 30 s (state " + p.getState() + ")");
            }
            Thread.sleep(10); // polling Jetty's state; start() returns before the connector is open
        }
    }
}
