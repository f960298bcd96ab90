package dev.flashsale.local.cli;

import java.util.List;

/** What {@code ./flashsale --help} prints: every command with every option (docs/commands.md, in more words). */
public final class Usage {

    /** Every command, in the order the usage lists them ({@code deploy} is run by the script itself). */
    public static final List<String> COMMANDS = List.of("local", "localstack", "simulate", "sale", "stock",
            "blocklist", "reconcile", "dlq", "events", "web", "bench", "capacity", "deploy", "origin-secret");

    /** The admin commands' part, which they print themselves on a usage error. */
    public static final String ADMIN = """
              flashsale sale put --sale ID [--file sale.json] [--name N] [--stock S] [--starts-at ISO] [--ends-at ISO]
                                 [--per-user-limit N] [--shards N] [--description D] [--price-cents P] [--currency C]
                                 [--challenge on|off|on-under-load] [--min-answer-millis MS] [--jitter-millis MS]
                                 [--per-ip-per-second N] [--per-user-per-second N]
              flashsale sale orders --sale ID [--status PENDING|CONFIRMED|REJECTED|PAID|EXPIRED] [--csv FILE]
                  every order of the sale (the winners: --status PAID), paged through the admin API; a table, or
                  CSV in FILE
              flashsale sale get|report|stock-sync --sale ID
                  creates or replaces a sale (the file's fields, then the flags), reads it, its report, or rebuilds
                  its Redis state from DynamoDB
              flashsale stock sync --sale ID
                  the same as sale stock-sync
              flashsale blocklist add --type user|ip --value V [--ttl SECONDS] [--reason TEXT]
              flashsale blocklist remove --type user|ip --value V
              flashsale blocklist list
                  blocks users or address ranges (203.0.113.0/24) on the challenge and purchase routes
                  (blacklist is the old name of this command and still works)
              flashsale reconcile [--sale ID]
                  with --sale, runs the reconciler on that sale now: repairs what crashes left (stale
                  reservations, stranded intents, lost units, buyer counts), prints its repairs and the sale's
                  books as JSON; exit 1 when units stay unaccounted or shoppers locked out. Without, leaves every
                  sale to the scheduled reconciler (within a minute) and says so
              flashsale dlq list|redrive
                  shows the order queue's dead letters, or moves them back to the order queue after a fix (a
                  redriven message never makes a second order)
                every admin command also takes [--url API_URL] [--profile P] [--region R]: the stack's ApiUrl output
                (or FLASHSALE_API_URL; default the local stack, http://127.0.0.1:8080), signed with SigV4 by the
                AWS SDK's default credentials (environment, profile, SSO); the local stack's are test / test
            """;

    public static final String TEXT = """
            usage:
              flashsale local [--port 8080] [--host 127.0.0.1] [--demo-sale STOCK] [--backend dynamodb|redis]
                              [--data DIR] [--aws-endpoint URL [--stack-name flashsale-PORT]]
                  runs the whole stack; the page is at http://HOST:PORT/?sale=demo&user=YOU; with --data, tables
                  and the stock cache are kept in DIR across restarts (default: in memory)
                  with --aws-endpoint, DynamoDB, SQS and Secrets Manager are the AWS emulator at URL (LocalStack,
                  moto_server...): the template's resources are created there, or reused, named STACK-LogicalId
              flashsale localstack [local's options but --aws-endpoint]
                  starts LocalStack in Docker (Testcontainers) and runs local --aws-endpoint against it
              flashsale simulate --buyers N --stock S [--bots B] [--concurrency 64] [--json] [--sale ID]
                                 [--backend dynamodb|redis] [--protection on|off] [--min-answer-millis 1000] [--jitter-millis 0]
                                 [--aws-endpoint URL [--stack-name flashsale-sim-ID]] (then --concurrency 8)
                                 [--faults LIST|all]
                                 [--url API_URL [--profile P] [--region R]]
                  a flash sale over HTTP against a fresh local stack (or the stack at API_URL, admin requests
                  signed as the admin commands sign them): N shoppers who solve the challenge, B bots who do not;
                  exit 1 if any unit was oversold, sold twice to one buyer or lost, or a bot bought. --faults LIST
                  (comma-separated, or all) injects faults into the local stack: admission-crash, order-crash,
                  duplicate-delivery, queue-send-failure, store-throttle, store-pause, cache-loss (redis),
                  consumer-outage, unpaid; the report adds what fired, the repairs, and units unaccounted for or
                  shoppers locked out, counted from the stores
            """ + ADMIN + """
              flashsale events tail [--sale ID] [--bus URL] [--max N]
                  prints the order events (flashsale.order: every order status change) the local stack's bus
                  takes, one line each as they come; the bus of the last ./flashsale local unless --bus
              flashsale web export --out DIR
                  writes the page as published (content-hashed names) and manifest.tsv (name, type, cache)
              flashsale bench [--backend dynamodb|redis|both] [--quick] [--json FILE] [--plot FILE]
                  measures each backend's limits on a fresh local stack (see docs/performance.md)
              flashsale capacity [--config-env default|prod] [--backend dynamodb|redis] [--shards N]
                                 [--challenge on|off] [--payment-window on|off] [--purchase-ms MS] [--order-ms MS]
                  the purchases per second each bottleneck allows for that samconfig environment's parameters
                  (throttles, reserved concurrency / mean duration, DynamoDB's per-key write limit, the order
                  drain), lowest first, and the quota to raise for the lowest; reads files only
              flashsale deploy [--config-env default|prod] [--check]
                  builds and checks the stack (SAM translator, cfn-lint, the account's concurrency quota); without
                  --check then sam deploy, the page to its bucket and a CloudFront invalidation (needs sam and aws)
              flashsale origin-secret rotate --secret-id ID [--profile P] [--region R]
                  a new origin secret (the stack's OriginSecretId output), the old value kept as previous (the
                  functions accept both); prints the OriginSecretGeneration to deploy, after 5 minutes, so that
                  CloudFront and the API key take it (docs/aws.md, "Rotate the origin secret")
              flashsale --help
                  this text
            """;

    private Usage() {
    }
}
