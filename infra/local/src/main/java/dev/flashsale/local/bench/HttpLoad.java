package dev.flashsale.local.bench;

import java.net.URI;
import java.time.Duration;

/**
 * A closed-loop HTTP load over keep-alive connections. {@link Wrk} when the machine has {@code wrk} (a C event
 * loop: it costs the shared cores the least, and it is what the issue measured with); otherwise
 * {@link JavaLoad}, the JDK's own HTTP client, one thread per connection, which needs no installation but costs the shared cores more.
 */
public interface HttpLoad {

    /** {@code authorization}: the {@code Authorization} header of every request (a shopper's token), or null. */
    LoadResult run(URI url, String method, String jsonBody, String authorization, int connections, Duration duration)
            throws Exception;

    String name();

    static HttpLoad best() {
        return Wrk.available() ? new Wrk() : new JavaLoad();
    }
}
