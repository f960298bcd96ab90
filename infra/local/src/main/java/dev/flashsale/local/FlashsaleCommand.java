package dev.flashsale.local;

import dev.flashsale.local.bench.BenchCommand;
import dev.flashsale.local.capacity.CapacityCommand;
import dev.flashsale.local.cli.AdminCommands;
import dev.flashsale.local.cli.Flags;
import dev.flashsale.local.cli.OriginSecretCommand;
import dev.flashsale.local.cli.Usage;
import dev.flashsale.local.cli.WebExport;
import dev.flashsale.local.cloud.AwsEmulator;
import dev.flashsale.local.cloud.LocalStack;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;

/** {@code ./flashsale COMMAND ...}: the command-line entry point, which hands each command to its class. */
public final class FlashsaleCommand {

    private FlashsaleCommand() {
    }

    public static void main(String[] args) throws Exception {
        // The servers' own chatter stays out of the runner's output; warnings still show.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(run(args));
    }

    /** Runs the command line; the process's exit status (2: a usage error). */
    static int run(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            LocalSystem.console().print(Usage.TEXT);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        try {
            Flags flags = Flags.parse(args, AdminCommands.handles(command) || command.equals("web")
                    || command.equals("origin-secret") || command.equals("events"));
            return switch (command) {
                case "local" -> onEmulator(() -> LocalCommand.run(flags));
                case "simulate" -> onEmulator(() -> SimulateCommand.run(flags));
                case "localstack" -> onEmulator(() -> LocalStack.runLocal(flags.values(),
                        withEndpoint -> LocalCommand.run(flags)));
                case "web" -> web(flags);
                case "events" -> new dev.flashsale.local.cli.EventsTail(LocalSystem.console(), System.err,
                        System.getenv()).run(flags);
                case "bench" -> BenchCommand.run(flags.values());
                case "capacity" -> CapacityCommand.run(flags, LocalSystem.projectRoot(), LocalSystem.console(),
                        System.err);
                case "deploy" -> usageError("deploy is run by the flashsale script (infra/deploy.sh)");
                case "origin-secret" -> new OriginSecretCommand(LocalSystem.console(), System.err, new SecureRandom())
                        .run(flags.subCommand(), flags.values());
                default -> AdminCommands.handles(command)
                        ? new AdminCommands(LocalSystem.console(), System.err, System.getenv())
                                .run(command, flags.subCommand(), flags.values())
                        : usageError("unknown command " + command);
            };
        } catch (Flags.Invalid invalid) {
            return usageError(invalid.getMessage());
        }
    }

    /** A command that may run on an AWS emulator: a missing or incomplete emulator is one line, not a trace. */
    private static int onEmulator(Callable<Integer> command) throws Exception {
        try {
            return command.call();
        } catch (AwsEmulator.Unavailable e) {
            System.err.println("flashsale: " + e.getMessage());
            return 1;
        }
    }

    private static int web(Flags flags) throws Exception {
        flags.allow("out");
        if (!"export".equals(flags.subCommand()) || !flags.has("out")) {
            return usageError("web export --out DIR");
        }
        LocalSystem.console().println(WebExport.write(LocalSystem.projectRoot().resolve("web"), Path.of(flags.get("out"))));
        return 0;
    }

    private static int usageError(String problem) {
        System.err.println(problem);
        System.err.print(Usage.TEXT);
        return 2;
    }
}
