package dev.flashsale.local.cli;

import dev.flashsale.local.gateway.StaticSite;
import dev.flashsale.local.gateway.WebBundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code ./flashsale web export --out DIR}: the page as published (content-hashed names) and {@code manifest.tsv}
 * (name, content type, cache control), which the deploy script uploads from: assets first, pages last, so that a
 * page never names an asset not uploaded yet.
 */
public final class WebExport {

    private WebExport() {
    }

    /** Writes {@code web}'s published files to {@code out}; answers how many files and bytes, for the console. */
    public static String write(Path web, Path out) throws IOException {
        WebBundle bundle = WebBundle.of(web);
        StringBuilder manifest = new StringBuilder();
        List<String> names = new ArrayList<>(bundle.names());
        names.sort(Comparator.comparing((String name) -> name.endsWith(".html")).thenComparing(name -> name));
        for (String name : names) {
            Path file = out.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, bundle.file(name));
            manifest.append(name).append('\t').append(StaticSite.contentType(name))
                    .append('\t').append(StaticSite.cacheControl(name)).append('\n');
        }
        Files.writeString(out.resolve("manifest.tsv"), manifest);
        return "wrote " + names.size() + " files (" + bundle.totalBytes() + " bytes) to " + out;
    }
}
