package dev.flashsale.adapters.redis;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;

/**
 * The container's Redis connection, standalone or cluster alike. With SnapStart the connection opened at init
 * would be restored as a dead socket in every container: it is closed before the snapshot and opened anew after
 * restore (SnapStart's runtime hooks, registered when the connection is built). The commands handed out always
 * go to the current connection, so the adapters keep theirs for the container's life.
 */
public final class RedisConnection implements AutoCloseable, Resource {

    /** An open connection and how to close it (connection and client). */
    public record Opened(RedisClusterCommands<String, String> commands, Runnable closer) {
    }

    private final Supplier<Opened> opener;
    private final RedisClusterCommands<String, String> commands;
    private Opened current;

    public RedisConnection(Supplier<Opened> opener) {
        this.opener = opener;
        this.current = opener.get();
        this.commands = currentCommands();
        Core.getGlobalContext().register(this);
    }

    public RedisClusterCommands<String, String> commands() {
        return commands;
    }

    /** Whether a connection is open now (false between the snapshot and the restore). */
    public synchronized boolean isOpen() {
        return current != null;
    }

    private synchronized Opened current() {
        if (current == null) {
            current = opener.get(); // after a restore whose hook did not run, the first command reconnects
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private RedisClusterCommands<String, String> currentCommands() {
        InvocationHandler toCurrent = (proxy, method, args) -> {
            try {
                return method.invoke(current().commands(), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (RedisClusterCommands<String, String>) Proxy.newProxyInstance(
                RedisClusterCommands.class.getClassLoader(), new Class<?>[]{RedisClusterCommands.class}, toCurrent);
    }

    @Override
    public synchronized void beforeCheckpoint(Context<? extends Resource> context) {
        closeCurrent();
    }

    @Override
    public synchronized void afterRestore(Context<? extends Resource> context) {
        closeCurrent();
        current = opener.get();
    }

    private void closeCurrent() {
        if (current != null) {
            current.closer().run();
            current = null;
        }
    }

    @Override
    public synchronized void close() {
        closeCurrent();
    }
}
