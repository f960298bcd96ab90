package dev.flashsale.local.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cost of a sale in docs/aws.md ("What a sale costs"), recomputed from measured in-handler durations:
 * {@code requests} purchase requests of which {@code orders} become orders, on the DynamoDB backend with the
 * default protection. The counts per request (rate-limit writes, reads, messages) are that table's; the prices
 * are {@link Prices}.
 */
public final class CostModel {

    /** What the model needs: the sale's shape and the measured mean durations. */
    public record Inputs(long requests, long orders, double admissionMeanMs, double orderBatchMeanMs,
                         int orderBatchSize, double admissionMemoryGb, double orderMemoryGb) {
    }

    public record Line(String item, double quantity, String unit, String price, double cost) {
    }

    /** Page and API requests reaching CloudFront per purchase request (the page and its assets, ~10%). */
    static final double CLOUDFRONT_REQUESTS_PER_REQUEST = 1.1;
    /** Rate-limit bucket writes per guarded request (address and user). */
    static final double RATE_LIMIT_WRITES_PER_REQUEST = 2;
    /** Per order: one used challenge, three writes for the unit (buyer, shard, reservation), two for the order. */
    static final double WRITES_PER_ORDER = 1 + 3 + 2;
    static final double READS_PER_REQUEST = 0.05;
    /** SQS requests per order: send, receive and delete. */
    static final double SQS_REQUESTS_PER_ORDER = 3;

    private CostModel() {
    }

    public static List<Line> lines(Inputs in) {
        double batches = Math.ceil((double) in.orders() / in.orderBatchSize());
        double cloudFront = in.requests() * CLOUDFRONT_REQUESTS_PER_REQUEST;
        double invocations = in.requests() + batches;
        double gbSeconds = in.requests() * in.admissionMeanMs() / 1000 * in.admissionMemoryGb()
                + batches * in.orderBatchMeanMs() / 1000 * in.orderMemoryGb();
        double writes = in.requests() * RATE_LIMIT_WRITES_PER_REQUEST + in.orders() * WRITES_PER_ORDER;
        double reads = in.requests() * READS_PER_REQUEST;
        double messages = in.orders() * SQS_REQUESTS_PER_ORDER;
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("CloudFront requests (page + API)", cloudFront, "requests",
                "$" + Prices.CLOUDFRONT_PER_10K_HTTPS_REQUESTS + " per 10,000",
                cloudFront / 10_000 * Prices.CLOUDFRONT_PER_10K_HTTPS_REQUESTS));
        lines.add(new Line("API Gateway REST requests", in.requests(), "requests",
                "$" + Prices.API_GATEWAY_REST_PER_MILLION + " per million",
                in.requests() / 1e6 * Prices.API_GATEWAY_REST_PER_MILLION));
        lines.add(new Line("Lambda requests (admission + order batches)", invocations, "invocations",
                "$" + Prices.LAMBDA_REQUESTS_PER_MILLION + " per million",
                invocations / 1e6 * Prices.LAMBDA_REQUESTS_PER_MILLION));
        lines.add(new Line(String.format(Locale.ROOT, "Lambda compute (admission %.2f ms x %.2f GB, order batch %.1f ms x %.2f GB, measured)",
                in.admissionMeanMs(), in.admissionMemoryGb(), in.orderBatchMeanMs(), in.orderMemoryGb()),
                gbSeconds, "GB-s", "$" + Prices.LAMBDA_ARM_PER_GB_SECOND + " per GB-s",
                gbSeconds * Prices.LAMBDA_ARM_PER_GB_SECOND));
        lines.add(new Line("DynamoDB writes (rate limits, challenges, units, orders)", writes, "WRU",
                "$" + Prices.DYNAMODB_PER_MILLION_WRU + " per million", writes / 1e6 * Prices.DYNAMODB_PER_MILLION_WRU));
        lines.add(new Line("DynamoDB reads (sale cached 1 s per container, reports)", reads, "RRU",
                "$" + Prices.DYNAMODB_PER_MILLION_RRU + " per million", reads / 1e6 * Prices.DYNAMODB_PER_MILLION_RRU));
        lines.add(new Line("SQS (send + receive + delete per order)", messages, "requests",
                "$" + Prices.SQS_STANDARD_PER_MILLION + " per million", messages / 1e6 * Prices.SQS_STANDARD_PER_MILLION));
        return lines;
    }

    public static double total(List<Line> lines) {
        return lines.stream().mapToDouble(Line::cost).sum();
    }

    public static String toText(List<Line> lines) {
        StringBuilder out = new StringBuilder("| item | how many | unit price | cost |\n|---|---:|---:|---:|\n");
        for (Line line : lines) {
            out.append("| ").append(line.item()).append(" | ").append(BenchTable.number(line.quantity())).append(' ')
                    .append(line.unit()).append(" | ").append(line.price()).append(" | $")
                    .append(String.format(Locale.ROOT, "%.2f", line.cost())).append(" |\n");
        }
        return out.append(String.format(Locale.ROOT, "| **total** | | | **$%.2f** |%n", total(lines))).toString();
    }
}
