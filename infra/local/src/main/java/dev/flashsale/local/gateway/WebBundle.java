package dev.flashsale.local.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The shopper page as it is published: every asset but the HTML pages renamed with a hash of its content
 * ({@code app.css} → {@code app.3f9a1c2b7d.css}) and the references to it rewritten, so assets can be cached for a
 * year and a new release is picked up at once. Built in memory from {@code web/}: no build tool, and the local
 * runner and the deploy command publish the very same files.
 */
public final class WebBundle {

    private final Map<String, byte[]> files;

    private WebBundle(Map<String, byte[]> files) {
        this.files = files;
    }

    public static WebBundle of(Path webRoot) {
        try {
            Map<String, byte[]> sources = new LinkedHashMap<>();
            try (Stream<Path> walk = Files.walk(webRoot)) {
                for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String name = webRoot.relativize(file).toString().replace('\\', '/');
                    if (!name.startsWith(".") && !name.contains("/.")) {
                        sources.put(name, Files.readAllBytes(file));
                    }
                }
            }
            return build(sources);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WebBundle build(Map<String, byte[]> sources) {
        Map<String, String> renamed = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> source : sources.entrySet()) {
            if (!isPage(source.getKey())) {
                renamed.put(source.getKey(), hashedName(source.getKey(), source.getValue()));
            }
        }
        Map<String, byte[]> published = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> source : sources.entrySet()) {
            String name = source.getKey();
            byte[] content = source.getValue();
            if (isPage(name)) {
                String html = new String(content, StandardCharsets.UTF_8);
                for (Map.Entry<String, String> rename : renamed.entrySet()) {
                    html = html.replace("\"" + rename.getKey() + "\"", "\"" + rename.getValue() + "\"")
                            .replace("\"/" + rename.getKey() + "\"", "\"/" + rename.getValue() + "\"");
                }
                published.put(name, html.getBytes(StandardCharsets.UTF_8));
            } else {
                published.put(renamed.get(name), content);
            }
        }
        return new WebBundle(published);
    }

    private static boolean isPage(String name) {
        return name.endsWith(".html");
    }

    private static String hashedName(String name, byte[] content) {
        String hash = sha256(content).substring(0, 10);
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        if (dot <= slash) {
            return name + "." + hash;
        }
        return name.substring(0, dot) + "." + hash + name.substring(dot);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Published name → content. */
    public Map<String, byte[]> files() {
        return files;
    }

    public byte[] file(String name) {
        return files.get(name);
    }

    public List<String> names() {
        return List.copyOf(files.keySet());
    }

    public long totalBytes() {
        return files.values().stream().mapToLong(content -> content.length).sum();
    }
}
